import { Effect, Result } from "effect"
import { stringifyJson } from "../input/JsonDepth.ts"
import { handleCommand, load } from "../kernel/handleCommand.ts"
import { type BatchJobStateChange, decodeBatchJobStateChange } from "./BatchJobStateChange.ts"
import type { ClassificationRules } from "./Classification.ts"
import { type JobState, jobDecider, jobStream } from "./JobDecider.ts"
import { jobEventCodec } from "./JobEvents.ts"
import { JobReadModel } from "./JobReadModel.ts"
import { type JobView, projectJob } from "./JobView.ts"

/** What ingesting one event did. `recorded` is false for duplicates (a redelivery). */
export interface IngestOutcome {
  readonly jobId: string
  readonly recorded: boolean
  readonly late: boolean
  readonly view: JobView | undefined
}

/** Projects a job state into the read model (used after every append). */
export const projectState = (state: JobState, version: number, rules: ClassificationRules) =>
  Effect.gen(function* () {
    const view = projectJob(state, version, rules)
    if (view !== undefined) yield* (yield* JobReadModel).upsert(view)
    return view
  })

/**
 * Records one decoded Batch event on the job's stream and projects the job. Idempotent: a redelivery
 * appends nothing and re-projects the same version, which also repairs a projection that failed before.
 */
export const recordBatchEvent = Effect.fnUntraced(function* (
  event: BatchJobStateChange,
  raw: string,
  rules: ClassificationRules,
  actor = "eventbridge"
) {
  const handled = yield* handleCommand({
    decider: jobDecider,
    codec: jobEventCodec,
    stream: jobStream(event.detail.jobId),
    command: { _tag: "ObserveBatchEvent", event, raw },
    context: { correlationId: event.id, actor }
  })
  const view = yield* projectState(handled.state, handled.version, rules)
  const first = handled.events[0]
  return {
    jobId: event.detail.jobId,
    recorded: handled.events.length > 0,
    late: first?._tag === "JobStatusObserved" && first.late,
    view
  } satisfies IngestOutcome
})

/** Decodes an EventBridge event (parsed JSON) and records it; bad input fails with `InvalidBatchEvent`. */
export const ingestBatchEvent = (input: unknown, rules: ClassificationRules, raw?: string) =>
  Effect.gen(function* () {
    const text = raw ?? stringifyJson(input)
    const decoded = decodeBatchJobStateChange(input, text)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    return yield* recordBatchEvent(decoded.success, text, rules)
  })

/** Rebuilds one job's view from its stream (after a rules change, or to repair the read model). */
export const reprojectJob = Effect.fnUntraced(function* (jobId: string, rules: ClassificationRules) {
  const loaded = yield* load(jobDecider, jobEventCodec, jobStream(jobId))
  return yield* projectState(loaded.state, loaded.version, rules)
})
