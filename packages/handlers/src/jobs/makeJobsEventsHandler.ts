import { Jobs, type Kernel } from "@personalize-ops/core"
import { Effect, type Layer } from "effect"
import { makeLambdaHandler } from "../runtime.ts"
import { JobsSettings } from "./JobsSettings.ts"

/** What one EventBridge delivery did. */
export type JobsEventResult =
  | { readonly status: "recorded" | "duplicate" | "late"; readonly jobId: string; readonly jobStatus?: string }
  | { readonly status: "rejected"; readonly reason: string }

/**
 * Decode → append to the job's stream → project. A redelivery appends nothing and re-projects the
 * same version (idempotent). An event that is not a Batch Job State Change is logged and dropped
 * (retrying cannot fix it); store failures fail the invocation so EventBridge retries it.
 */
export const handleJobsEvent = (event: unknown) =>
  Effect.gen(function* () {
    const settings = yield* JobsSettings
    return yield* Jobs.ingestBatchEvent(event, settings.rules).pipe(
      Effect.map(
        (o): JobsEventResult => ({
          status: !o.recorded ? "duplicate" : o.late ? "late" : "recorded",
          jobId: o.jobId,
          ...(o.view === undefined ? {} : { jobStatus: o.view.status })
        })
      ),
      Effect.catchTag("InvalidBatchEvent", (e) =>
        Effect.logWarning("rejected event", { reason: e.message }).pipe(
          Effect.as({ status: "rejected", reason: e.message } satisfies JobsEventResult)
        )
      ),
      Effect.catchTag("WrongJob", (e) =>
        Effect.succeed({ status: "rejected", reason: e.message } satisfies JobsEventResult)
      )
    )
  })

/** The EventBridge Lambda handler over a layer providing the settings, the event store and the read model. */
export const makeJobsEventsHandler = <E>(layer: Layer.Layer<JobsSettings | Kernel.EventStore | Jobs.JobReadModel, E>) =>
  makeLambdaHandler(layer, (event: unknown) => handleJobsEvent(event))
