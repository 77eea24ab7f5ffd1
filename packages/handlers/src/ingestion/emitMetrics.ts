import { Emf, Ingestion } from "@personalize-ops/core"
import { Clock, Effect, Result } from "effect"
import { IngestionSettings } from "./IngestionSettings.ts"

/** Where a handler writes its one EMF line per invocation (stdout in Lambda: that is all EMF needs). */
export type EmitLine = (line: string) => void

/** Writes stdout, where Lambda picks EMF lines up. */
export const stdoutLine: EmitLine = (line) => void process.stdout.write(`${line}\n`)

/** Emits the invocation's counters and PutEvents latency as one EMF JSON line. */
export const emitIngestionMetrics = Effect.fnUntraced(function* (
  report: Ingestion.IngestionReport,
  handler: string,
  emit: EmitLine
) {
  const settings = yield* IngestionSettings
  const timestamp = yield* Clock.currentTimeMillis
  const line = Emf.renderEmf(Ingestion.ingestionMetrics(report, { namespace: settings.namespace, handler, timestamp }))
  if (Result.isSuccess(line)) emit(line.success)
  else yield* Effect.logWarning("EMF document rejected", line.failure)
})
