// The operator actions' guarantees on a store pair (EventStore + JobReadModel): two confirmations of one
// action call Batch once, and actions stay within the allowed queues. An adapter's test file calls
// `jobActionsContract("memory", () => layer)`; each test gets a fresh layer.
import { describe, it } from "@effect/vitest"
import * as Jobs from "@personalize-ops/core/jobs"
import type * as Kernel from "@personalize-ops/core/kernel"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { expect } from "vitest"

const queue = "arn:aws:batch:us-east-1:123456789012:job-queue/train"

/** A FAILED job's state change, as Batch sends it. */
export const failedJobEvent = (jobId: string) => ({
  version: "0",
  id: `event-${jobId}`,
  "detail-type": "Batch Job State Change",
  source: "aws.batch",
  account: "123456789012",
  time: "2026-11-20T10:00:00Z",
  region: "us-east-1",
  resources: [`arn:aws:batch:us-east-1:123456789012:job/${jobId}`],
  detail: {
    jobArn: `arn:aws:batch:us-east-1:123456789012:job/${jobId}`,
    jobName: "train",
    jobId,
    jobQueue: queue,
    status: "FAILED",
    statusReason: "Essential container in task exited",
    createdAt: Date.UTC(2026, 10, 20, 9),
    startedAt: Date.UTC(2026, 10, 20, 9, 30),
    stoppedAt: Date.UTC(2026, 10, 20, 10),
    jobDefinition: "arn:aws:batch:us-east-1:123456789012:job-definition/train:3",
    parameters: {},
    container: { image: "train:latest", command: ["python", "train.py"], exitCode: 1 }
  }
})

/** A Batch that counts submissions; each retry waits for `release` (so a second request arrives meanwhile). */
const countingBatch = Effect.gen(function* () {
  const submitted: Array<string> = []
  const entered = yield* Deferred.make<void>()
  const release = yield* Deferred.make<void>()
  const port = Jobs.BatchActions.of({
    retry: (job) =>
      Effect.gen(function* () {
        yield* Deferred.succeed(entered, undefined)
        yield* Deferred.await(release)
        submitted.push(job.jobId)
        return { newJobId: `${job.jobId}-retry-${submitted.length}` }
      }),
    terminate: () => Effect.void
  })
  return { submitted, entered, release, port }
})

const refusals = ["StaleConfirmation", "ActionInProgress"]

/** Runs the action guarantees against a fresh event store and read model per test. */
export const jobActionsContract = (
  name: string,
  makeLayer: () => Layer.Layer<Kernel.EventStore | Jobs.JobReadModel, unknown>
) =>
  describe(`job actions: ${name}`, () => {
    const withBatch = <A, E>(
      program: (
        batch: Effect.Success<typeof countingBatch>
      ) => Effect.Effect<A, E, Jobs.BatchActions | Kernel.EventStore | Jobs.JobReadModel>
    ) =>
      Effect.gen(function* () {
        const batch = yield* countingBatch
        return yield* program(batch).pipe(Effect.provide(Layer.succeed(Jobs.BatchActions, batch.port)))
      }).pipe(Effect.provide(makeLayer()))

    it.live("concurrent confirmations of one retry submit one job; the others are refused", () =>
      withBatch((batch) =>
        Effect.gen(function* () {
          yield* Jobs.ingestBatchEvent(failedJobEvent("j1"), Jobs.emptyRules)
          const version = (yield* (yield* Jobs.JobReadModel).get("j1"))?.version
          const confirm = (actor: string) =>
            Effect.result(
              Jobs.performAction(
                {
                  jobId: "j1",
                  action: "retry",
                  actor,
                  reason: "flaky",
                  ...(version === undefined ? {} : { expectedVersion: version })
                },
                Jobs.emptyRules
              )
            )
          const all = Effect.all(["a", "b", "c", "d"].map(confirm), { concurrency: "unbounded" })
          const released = Deferred.await(batch.entered).pipe(
            Effect.andThen(Deferred.succeed(batch.release, undefined))
          )
          const [outcomes] = yield* Effect.all([all, released], { concurrency: "unbounded" })
          const succeeded = outcomes.filter((o) => o._tag === "Success")
          expect(succeeded).toHaveLength(1)
          expect(batch.submitted).toEqual(["j1"])
          for (const o of outcomes)
            if (o._tag === "Failure") expect(refusals).toContain((o.failure as { readonly _tag: string })._tag)
          const view = yield* (yield* Jobs.JobReadModel).get("j1")
          expect(view?.actions.map((a) => [a.action, a.outcome, a.newJobId])).toEqual([
            ["retry", "succeeded", "j1-retry-1"]
          ])
          // A confirmation of the same version arriving afterwards is stale too.
          const late = yield* confirm("e")
          expect(late._tag === "Failure" && (late.failure as { readonly _tag: string })._tag).toBe("StaleConfirmation")
          expect(batch.submitted).toHaveLength(1)
        })
      )
    )

    it.live("a request without a version, arriving while a retry is under way, is refused (ActionInProgress)", () =>
      withBatch((batch) =>
        Effect.gen(function* () {
          yield* Jobs.ingestBatchEvent(failedJobEvent("j2"), Jobs.emptyRules)
          const retry = (actor: string) =>
            Jobs.performAction({ jobId: "j2", action: "retry", actor, reason: "again" }, Jobs.emptyRules)
          const first = yield* Effect.forkChild(retry("a"))
          yield* Deferred.await(batch.entered)
          const second = yield* Effect.flip(retry("b"))
          expect(second._tag).toBe("ActionInProgress")
          yield* Deferred.succeed(batch.release, undefined)
          const out = yield* Fiber.join(first)
          expect(out.newJobId).toBe("j2-retry-1")
          expect(batch.submitted).toEqual(["j2"])
        })
      )
    )

    it.live("actions only on jobs of the allowed queues (QueueNotAllowed, Batch not called)", () =>
      withBatch((batch) =>
        Effect.gen(function* () {
          yield* Jobs.ingestBatchEvent(failedJobEvent("j3"), Jobs.emptyRules)
          const refused = yield* Effect.flip(
            Jobs.performAction({ jobId: "j3", action: "retry", actor: "a", reason: "x" }, Jobs.emptyRules, {
              queues: ["arn:aws:batch:us-east-1:123456789012:job-queue/other"]
            })
          )
          expect(refused._tag).toBe("QueueNotAllowed")
          const none = yield* Effect.flip(
            Jobs.performAction({ jobId: "j3", action: "retry", actor: "a", reason: "x" }, Jobs.emptyRules, {
              queues: []
            })
          )
          expect(none._tag).toBe("QueueNotAllowed")
          expect(batch.submitted).toEqual([])
          yield* Deferred.succeed(batch.release, undefined)
          const allowed = yield* Jobs.performAction(
            { jobId: "j3", action: "retry", actor: "a", reason: "x" },
            Jobs.emptyRules,
            { queues: [queue] }
          )
          expect(allowed.newJobId).toBe("j3-retry-1")
        })
      )
    )
  })
