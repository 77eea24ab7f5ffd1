import {
  BatchClient,
  DescribeJobsCommand,
  type KeyValuePair,
  SubmitJobCommand,
  type SubmitJobCommandInput,
  TerminateJobCommand
} from "@aws-sdk/client-batch"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Schema } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"

/** Options of the AWS Batch actions. */
export interface AwsBatchActionsOptions {
  /** Default: a client for the Lambda's own region and credentials, one attempt per call (`retryThrottled` retries). */
  readonly client?: BatchClient
}

// Batch injects these into every container; passing them back as overrides would be rejected or wrong.
const injectedEnv = (e: KeyValuePair) => e.name === undefined || e.name.startsWith("AWS_BATCH_")
const userTags = (tags: Record<string, string> | undefined) =>
  tags === undefined ? undefined : Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith("aws:")))

const SubmitJobOutput = Schema.Struct({ jobId: Schema.String.check(Schema.isMinLength(1)) })
const decodeSubmitted = Schema.decodeUnknownEffect(SubmitJobOutput)

/**
 * Batch actions on `@aws-sdk/client-batch`. A retry re-reads the job (DescribeJobs) and submits it
 * again with the same name, definition, queue, parameters, container overrides (command,
 * environment, resources), retry strategy, timeout and tags.
 */
export const makeAwsBatchActions = (options: AwsBatchActionsOptions): Jobs.BatchActions["Service"] => {
  const client = options.client ?? new BatchClient({ maxAttempts: 1 })
  const fail = (action: Jobs.JobAction, jobId: string) => (e: { readonly message: string }) =>
    new Jobs.BatchActionFailed({ action, jobId, reason: e.message })

  const retry: Jobs.BatchActions["Service"]["retry"] = (job, _reason) =>
    Effect.gen(function* () {
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
      const container = detail.container
      const environment = container?.environment?.filter((e) => !injectedEnv(e))
      const tags = userTags(detail.tags)
      const input: SubmitJobCommandInput = {
        jobName: detail.jobName ?? job.jobName,
        jobQueue: detail.jobQueue ?? job.jobQueue,
        jobDefinition: detail.jobDefinition ?? job.jobDefinition,
        parameters: detail.parameters ?? { ...job.parameters },
        ...(container === undefined
          ? {}
          : {
              containerOverrides: {
                ...(container.command === undefined ? {} : { command: container.command }),
                ...(environment === undefined ? {} : { environment }),
                ...(container.resourceRequirements === undefined
                  ? {}
                  : { resourceRequirements: container.resourceRequirements })
              }
            }),
        ...(detail.retryStrategy === undefined ? {} : { retryStrategy: detail.retryStrategy }),
        ...(detail.timeout === undefined ? {} : { timeout: detail.timeout }),
        ...(tags === undefined || Object.keys(tags).length === 0 ? {} : { tags }),
        ...(detail.propagateTags === undefined ? {} : { propagateTags: detail.propagateTags }),
        ...(detail.shareIdentifier === undefined ? {} : { shareIdentifier: detail.shareIdentifier }),
        ...(detail.schedulingPriority === undefined ? {} : { schedulingPriorityOverride: detail.schedulingPriority }),
        ...(detail.arrayProperties?.size === undefined
          ? {}
          : { arrayProperties: { size: detail.arrayProperties.size } })
      }
      const submitted = yield* awsCall("SubmitJob", (abortSignal) =>
        client.send(new SubmitJobCommand(input), { abortSignal })
      ).pipe(retryThrottled())
      const out = yield* decodeSubmitted(submitted)
      return { newJobId: out.jobId }
    }).pipe(Effect.mapError((e) => (e instanceof Jobs.BatchActionFailed ? e : fail("retry", job.jobId)(e))))

  const terminate: Jobs.BatchActions["Service"]["terminate"] = (jobId, reason) =>
    awsCall("TerminateJob", (abortSignal) =>
      client.send(new TerminateJobCommand({ jobId, reason }), { abortSignal })
    ).pipe(retryThrottled(), Effect.asVoid, Effect.mapError(fail("terminate", jobId)))

  return Jobs.BatchActions.of({ retry, terminate })
}

/** The AWS Batch actions as a layer. */
export const layerAwsBatchActions = (options: AwsBatchActionsOptions): Layer.Layer<Jobs.BatchActions> =>
  Layer.sync(Jobs.BatchActions, () => makeAwsBatchActions(options))
