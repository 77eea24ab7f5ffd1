import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs"
import { Ingestion } from "@personalize-ops/core"
import { Config, Effect, Layer } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { SqsClients } from "../sdk/SqsClients.ts"

/**
 * Why SQS (not S3) for dead letters: each bad record is small (a Segment event is a few KB) and is
 * handled one by one — inspected, fixed, redriven to a consumer — which is exactly what a queue with
 * a redrive policy offers; SendMessageBatch keeps 10 of them per call. S3 would suit large payloads,
 * but then every record becomes an object to list and clean up.
 */
export const SqsLimits = { entriesPerBatch: 10, bytesPerMessage: 262_144, bytesPerBatch: 262_144 } as const

const encoder = new TextEncoder()
const bytes = (s: string) => encoder.encode(s).length

/** The message body of one entry; a payload that would not fit is cut and flagged `truncated`. */
export const deadLetterBody = (entry: Ingestion.DeadLetterEntry): string => {
  const body = JSON.stringify(entry)
  if (bytes(body) <= SqsLimits.bytesPerMessage) return body
  const room = SqsLimits.bytesPerMessage - bytes(JSON.stringify({ ...entry, payload: "", truncated: true })) - 1024
  let cut = entry.payload.slice(0, Math.max(0, room))
  while (bytes(JSON.stringify(cut)) - 2 > room) cut = cut.slice(0, Math.floor(cut.length * 0.9))
  return JSON.stringify({ ...entry, payload: cut, truncated: true, payloadChars: entry.payload.length })
}

/** An entry ready to send: its id, its message body and the key a FIFO queue deduplicates it by. */
interface Packed {
  readonly id: string
  readonly body: string
  readonly key: string
}
const packed = (entry: Ingestion.DeadLetterEntry): Packed => ({
  id: entry.id,
  body: deadLetterBody(entry),
  key: entry.dedupeKey
})

/** Packs bodies into SendMessageBatch calls: ≤ 10 entries and ≤ 256 KB per call. */
const pack = (bodies: ReadonlyArray<Packed>) => {
  const batches: Array<Array<Packed>> = []
  let current: Array<Packed> = []
  let size = 0
  for (const b of bodies) {
    const n = bytes(b.body)
    if (current.length === SqsLimits.entriesPerBatch || (current.length > 0 && size + n > SqsLimits.bytesPerBatch)) {
      batches.push(current)
      current = []
      size = 0
    }
    current.push(b)
    size += n
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/** The queue letters go to; a FIFO queue (`.fifo`) takes a deduplication id and a group per message. */
interface Queue {
  readonly url: string
  readonly fifo: boolean
}

/** One SendMessageBatch call's input: the batch's entries, their ids their places in the batch. */
const batchInput = (queue: Queue, batch: ReadonlyArray<Packed>) => ({
  QueueUrl: queue.url,
  Entries: batch.map((b, i) => ({
    Id: String(i),
    MessageBody: b.body,
    // A FIFO queue drops a second letter of the same record (a redelivered batch) itself.
    ...(queue.fifo ? { MessageDeduplicationId: Ingestion.stableHash(b.key), MessageGroupId: "dead-letter" } : {})
  }))
})

/** Sends one batch; the ids of the entries not kept (all of them when the service refused the batch as a whole). */
const sendBatch = (client: SQSClient, queue: Queue, batch: ReadonlyArray<Packed>) =>
  awsCall("SendMessageBatch", (abortSignal) =>
    client.send(new SendMessageBatchCommand(batchInput(queue, batch)), { abortSignal })
  ).pipe(
    retryThrottled(),
    Effect.map((out) => (out.Failed ?? []).map((f) => batch[Number(f.Id)]?.id ?? "")),
    Effect.catch((e) => Effect.logWarning("SendMessageBatch failed", e.message).pipe(Effect.as(batch.map((b) => b.id))))
  )

/** The DeadLetter port on an SQS queue. */
export const makeSqsDeadLetter = (client: SQSClient, queueUrl: string): Ingestion.DeadLetter["Service"] => {
  const queue: Queue = { url: queueUrl, fifo: queueUrl.endsWith(".fifo") }
  return Ingestion.DeadLetter.of({
    send: (entries) =>
      Effect.forEach(pack(entries.map(packed)), (batch) => sendBatch(client, queue, batch), { concurrency: 4 }).pipe(
        Effect.map((failed) => ({ failedIds: failed.flat() }))
      )
  })
}

/** The DeadLetter port for the queue `queueUrl`, on the default region's client of the `SqsClients` client service. */
export const layerSqsDeadLetter = (queueUrl: string): Layer.Layer<Ingestion.DeadLetter, never, SqsClients> =>
  Layer.effect(
    Ingestion.DeadLetter,
    Effect.map(SqsClients, (clients) => makeSqsDeadLetter(clients(), queueUrl))
  )

/** The DeadLetter port for the queue `DEAD_LETTER_QUEUE_URL` (required); the handlers provide `SqsClients.layerConfig`. */
export const layerSqsDeadLetterFromConfig: Layer.Layer<Ingestion.DeadLetter, Config.ConfigError, SqsClients> =
  Layer.unwrap(
    Effect.gen(function* () {
      return layerSqsDeadLetter(yield* Config.NonEmptyString("DEAD_LETTER_QUEUE_URL"))
    })
  )
