import { Ingestion } from "@personalize-ops/core"
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda"
import { Effect, type Layer, Schema } from "effect"
import { makeLambdaHandler } from "../runtime.ts"
import { type EmitLine, emitIngestionMetrics, stdoutLine } from "./emitMetrics.ts"
import { IngestionSettings } from "./IngestionSettings.ts"

/** What an ingestion handler runs on: its settings and the two ports. */
export type IngestionServices = IngestionSettings | Ingestion.PersonalizeEvents | Ingestion.DeadLetter

const decodeEvent = Schema.decodeUnknownEffect(Ingestion.KinesisStreamEvent)

/**
 * One Kinesis invocation: decode, map, batch, send, and answer with the records to retry.
 *
 * Checkpoint semantics (aws-facts §6.1): Lambda checkpoints at the LOWEST sequence number in
 * `batchItemFailures` and redelivers every record after it, including ones already sent. We report
 * exactly the records that must be retried (failed retryably, or not dead-lettered); the records
 * after the lowest one come back anyway, which is safe because their eventId (Segment's messageId)
 * makes Personalize ignore the repeats. Invalid records go to the dead letter instead of being
 * reported, so one bad record never blocks the shard.
 */
export const handleKinesisEvent = Effect.fnUntraced(function* (event: unknown, emit: EmitLine) {
  const settings = yield* IngestionSettings
  // A malformed envelope (no sequence numbers) cannot be answered per record: fail the invocation.
  const decoded = yield* decodeEvent(event)
  const report = yield* Ingestion.ingest({
    trackingId: settings.trackingId,
    rules: settings.rules,
    datasets: settings.datasets,
    concurrency: settings.concurrency,
    source: `kinesis:${decoded.Records[0]?.eventSourceARN ?? "unknown"}`,
    records: decoded.Records.map((r) => ({
      id: r.kinesis.sequenceNumber,
      payload: { _tag: "Base64", data: r.kinesis.data }
    }))
  })
  yield* emitIngestionMetrics(report, "kinesis", emit)
  return {
    batchItemFailures: report.retryIds.map((itemIdentifier) => ({ itemIdentifier }))
  } satisfies KinesisStreamBatchResponse
})

/**
 * Builds a Kinesis Lambda handler on `layer`. The runtime is built once per container (`init()`, which
 * the entry module awaits in Lambda's init phase), so settings are decoded and validated once; a bad
 * setting fails the cold start with a `SettingsError` naming the variable.
 */
export const makeKinesisHandler = <E>(
  layer: Layer.Layer<IngestionServices, E>,
  options: { readonly emit?: EmitLine } = {}
) => {
  const emit = options.emit ?? stdoutLine
  return makeLambdaHandler(layer, (event: KinesisStreamEvent) => handleKinesisEvent(event, emit))
}
