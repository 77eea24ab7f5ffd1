import { Ingestion } from "@personalize-ops/core"
import { Effect, type Layer } from "effect"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { type EmitLine, emitIngestionMetrics, stdoutLine } from "./emitMetrics.ts"
import { IngestionSettings } from "./IngestionSettings.ts"
import type { IngestionServices } from "./makeKinesisHandler.ts"

/** What the Segment handler answers: the bucket of the one event, and why when not sent. */
export interface SegmentHandlerResult {
  readonly status: Ingestion.Bucket
  readonly reason?: string
}

/** A PutEvents refusal that Segment should retry (Segment redelivers when the function errors). */
export class SegmentRetryableFailure extends Error {
  override readonly name = "SegmentRetryableFailure"
}

/** One Segment Lambda-destination invocation: exactly one event, already JSON. */
export const handleSegmentEvent = Effect.fnUntraced(function* (event: unknown, emit: EmitLine) {
  const settings = yield* IngestionSettings
  const messageId =
    typeof event === "object" && event !== null && typeof (event as { messageId?: unknown }).messageId === "string"
      ? (event as { messageId: string }).messageId
      : "segment-event"
  const report = yield* Ingestion.ingest({
    trackingId: settings.trackingId,
    rules: settings.rules,
    datasets: settings.datasets,
    concurrency: 1,
    source: "segment",
    records: [{ id: messageId, payload: { _tag: "Parsed", value: event } }]
  })
  yield* emitIngestionMetrics(report, "segment", emit)
  const outcome = report.outcomes[0]
  if (outcome === undefined) return yield* Effect.die("ingest lost the record")
  return outcome
})

/**
 * Builds the handler for Segment's direct Lambda destination. Skipped and invalid events succeed
 * (invalid ones are dead-lettered, so Segment does not retry them forever); an event that must be
 * retried makes the invocation fail, which is how Segment is told to redeliver.
 */
export const makeSegmentHandler = <E>(
  layer: Layer.Layer<IngestionServices, E>,
  options: { readonly emit?: EmitLine } = {}
) => {
  const emit = options.emit ?? stdoutLine
  const run = makeLambdaHandler(layer, (event: unknown) => handleSegmentEvent(event, emit))
  const handler = async (event: unknown, context?: LambdaContextLike): Promise<SegmentHandlerResult> => {
    const outcome = await run(event, context)
    if (outcome.retry) throw new SegmentRetryableFailure(outcome.reason ?? "PutEvents failed")
    return outcome.reason === undefined
      ? { status: outcome.bucket }
      : { status: outcome.bucket, reason: outcome.reason }
  }
  return Object.assign(handler, { runtime: run.runtime, init: run.init })
}
