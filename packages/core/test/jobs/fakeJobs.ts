// Minimal job-side fakes for core's own tests (core cannot depend on adapters-memory): a read model kept
// in a Map and a Batch that records its calls. The read-model contract in ../../testing runs against the
// real adapters; these only need to be obviously right.
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import * as Kernel from "../../src/kernel/index.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"

export const queueArn = "arn:aws:batch:us-east-1:123456789012:job-queue/train"
export const definitionArn = "arn:aws:batch:us-east-1:123456789012:job-definition/train:3"

/** A Batch Job State Change as Batch sends it; `detail` overrides merge into the detail. */
export const batchEvent = (
  jobId: string,
  status: string,
  detail: Record<string, unknown> = {},
  envelope: Record<string, unknown> = {}
) => ({
  version: "0",
  id: `event-${jobId}-${status}`,
  "detail-type": "Batch Job State Change",
  source: "aws.batch",
  account: "123456789012",
  time: "2026-11-20T10:00:00Z",
  region: "us-east-1",
  resources: [`arn:aws:batch:us-east-1:123456789012:job/${jobId}`],
  ...envelope,
  detail: {
    jobArn: `arn:aws:batch:us-east-1:123456789012:job/${jobId}`,
    jobName: "train",
    jobId,
    jobQueue: queueArn,
    status,
    createdAt: Date.UTC(2026, 10, 20, 9),
    jobDefinition: definitionArn,
    parameters: {},
    ...detail
  }
})

/** The FAILED event of a job that ran 09:30-10:00 and exited 1. */
export const failedEvent = (jobId: string, detail: Record<string, unknown> = {}) =>
  batchEvent(jobId, "FAILED", {
    statusReason: "Essential container in task exited",
    startedAt: Date.UTC(2026, 10, 20, 9, 30),
    stoppedAt: Date.UTC(2026, 10, 20, 10),
    container: { image: "train:latest", command: ["python", "train.py"], exitCode: 1 },
    ...detail
  })

interface BatchCall {
  readonly op: "retry" | "terminate"
  readonly job?: Jobs.JobRef
  readonly jobId: string
  readonly reason: string
}

/** A Batch that records every call; `fail` makes its calls fail with that reason. */
const recordingBatch = (fail?: string) => {
  const calls: Array<BatchCall> = []
  const port = Jobs.BatchActions.of({
    retry: (job, reason) =>
      Effect.suspend(() => {
        calls.push({ op: "retry", job, jobId: job.jobId, reason })
        return fail === undefined
          ? Effect.succeed({ newJobId: `${job.jobId}-retry` })
          : Effect.fail(new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: fail }))
      }),
    terminate: (jobId, reason) =>
      Effect.suspend(() => {
        calls.push({ op: "terminate", jobId, reason })
        return fail === undefined
          ? Effect.void
          : Effect.fail(new Jobs.BatchActionFailed({ action: "terminate", jobId, reason: fail }))
      })
  })
  return { calls, port }
}

/** A read model in a Map: upsert keeps the highest version; list and stats are not needed here. */
const mapReadModel = () => {
  const views = new Map<string, Jobs.JobView>()
  const upserts: Array<Jobs.JobView> = []
  const port = Jobs.JobReadModel.of({
    upsert: (view) =>
      Effect.sync(() => {
        upserts.push(view)
        const before = views.get(view.jobId)
        if (before !== undefined && before.version >= view.version) return "unchanged" as const
        views.set(view.jobId, view)
        return "written" as const
      }),
    get: (jobId) => Effect.sync(() => views.get(jobId)),
    list: () => Effect.die("list is not used by these tests"),
    stats: () => Effect.die("stats is not used by these tests")
  })
  return { views, upserts, port }
}

/** A fresh event store, read model and Batch, as one layer plus handles on each. */
export const jobsWorld = (
  options: {
    readonly batchFails?: string
    readonly wrapStore?: (store: Kernel.EventStore["Service"]) => Kernel.EventStore["Service"]
  } = {}
) => {
  const fake = makeFakeEventStore()
  const store = options.wrapStore === undefined ? fake.store : options.wrapStore(fake.store)
  const readModel = mapReadModel()
  const batch = recordingBatch(options.batchFails)
  const layer = Layer.mergeAll(
    Layer.succeed(Kernel.EventStore, store),
    Layer.succeed(Jobs.JobReadModel, readModel.port),
    Layer.succeed(Jobs.BatchActions, batch.port)
  )
  return { fake, store, readModel, batch, layer }
}
