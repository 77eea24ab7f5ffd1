import { type BatchClient, DescribeJobsCommand, SubmitJobCommand, TerminateJobCommand } from "@aws-sdk/client-batch"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Result, Schema } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { BatchClients } from "../sdk/BatchClients.ts"
import { resubmitInput } from "./resubmitInput.ts"

const SubmitJobOutput = Schema.Struct({ jobId: Schema.String.check(Schema.isMinLength(1)) })
const decodeSubmitted = Schema.decodeUnknownEffect(SubmitJobOutput)

/** The port's failure of `action` on a job, for any other error. */
const actionFailed =
  (action: Jobs.BatchActionFailed["action"], jobId: string) =>
  (e: { readonly message: string }): Jobs.BatchActionFailed =>
    e instanceof Jobs.BatchActionFailed ? e : new Jobs.BatchActionFailed({ action, jobId, reason: e.message })

/** Reads the job again (DescribeJobs) and submits it in the same shape; the new job's id. */
const resubmit = Effect.fnUntraced(function* (client: BatchClient, job: Jobs.JobRef) {
  const described = yield* awsCall("DescribeJobs", (abortSignal) =>
    client.send(new DescribeJobsCommand({ jobs: [job.jobId] }), { abortSignal })
  ).pipe(retryThrottled())
  const detail = described.jobs?.[0]
  if (detail === undefined) {
    return yield* new Jobs.BatchActionFailed({
      action: "retry",
      jobId: job.jobId,
      reason: "Batch no longer knows this job (finished jobs are kept for about 7 days)"
    })
  }
  // The shape as Batch reports it now (the JobDetail fields shapeOf reads are DescribeJobs' too).
  const shape = Jobs.retryShape(job.jobId, Jobs.shapeOf(detail as unknown as Jobs.BatchJobDetail))
  if (Result.isFailure(shape))
    return yield* new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: shape.failure })
  const input = resubmitInput(job, detail, shape.success)
  const submitted = yield* awsCall("SubmitJob", (abortSignal) =>
    client.send(new SubmitJobCommand(input), { abortSignal })
  ).pipe(retryThrottled())
  const out = yield* decodeSubmitted(submitted)
  return { newJobId: out.jobId }
})

/**
 * Batch actions on `@aws-sdk/client-batch`. A retry re-reads the job (DescribeJobs) and submits it
 * again in the same shape: name, definition, queue, parameters, container overrides (command,
 * environment, resources) or an array's size, a multi-node job's nodes, an ECS task's or EKS pod's
 * containers; retry strategy, timeout and tags. An array child or a node is refused with why.
 */
export const makeAwsBatchActions = (client: BatchClient): Jobs.BatchActions["Service"] =>
  Jobs.BatchActions.of({
    retry: (job, _reason) => resubmit(client, job).pipe(Effect.mapError(actionFailed("retry", job.jobId))),
    terminate: (jobId, reason) =>
      awsCall("TerminateJob", (abortSignal) =>
        client.send(new TerminateJobCommand({ jobId, reason }), { abortSignal })
      ).pipe(retryThrottled(), Effect.asVoid, Effect.mapError(actionFailed("terminate", jobId)))
  })

/** The AWS Batch actions on the default region's client of the `BatchClients` client service. */
export const layerAwsBatchActions: Layer.Layer<Jobs.BatchActions, never, BatchClients> = Layer.effect(
  Jobs.BatchActions,
  Effect.map(BatchClients, (clients) => makeAwsBatchActions(clients()))
)
