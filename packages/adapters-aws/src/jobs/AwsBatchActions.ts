import {
  type BatchClient,
  type ContainerDetail,
  DescribeJobsCommand,
  type JobDetail,
  type KeyValuePair,
  SubmitJobCommand,
  type SubmitJobCommandInput,
  TerminateJobCommand
} from "@aws-sdk/client-batch"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Result, Schema } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { BatchClients } from "../sdk/BatchClients.ts"

// Batch injects these into every container; passing them back as overrides would be rejected or wrong.
const injectedEnv = (e: KeyValuePair) => e.name === undefined || e.name.startsWith("AWS_BATCH_")
const userTags = (tags: Record<string, string> | undefined) =>
  tags === undefined ? undefined : Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith("aws:")))

/** A container's command, environment (without Batch's own variables) and resources, as overrides. */
const containerOverridesOf = (
  container: Pick<ContainerDetail, "command" | "environment" | "resourceRequirements"> | undefined
) => {
  const environment = container?.environment?.filter((e) => !injectedEnv(e))
  return {
    ...(container?.command === undefined ? {} : { command: container.command }),
    ...(environment === undefined ? {} : { environment }),
    ...(container?.resourceRequirements === undefined ? {} : { resourceRequirements: container.resourceRequirements })
  }
}

/**
 * The overrides that resubmit a job in its shape (core's `retryShape` decides the shape and refuses an
 * array child or a node): an array's size; a multi-node job's node count and each node range's
 * container; an ECS task's or EKS pod's containers by name; else the one container.
 */
const shapeOverrides = (detail: JobDetail, shape: Jobs.SubmitShape): Partial<SubmitJobCommandInput> => {
  switch (shape.kind) {
    case "array":
      return {
        arrayProperties: { size: shape.size },
        ...(detail.container === undefined ? {} : { containerOverrides: containerOverridesOf(detail.container) })
      }
    case "multi-node":
      return {
        nodeOverrides: {
          numNodes: shape.numNodes,
          nodePropertyOverrides: (detail.nodeProperties?.nodeRangeProperties ?? []).map((range) => ({
            targetNodes: range.targetNodes,
            ...(range.container === undefined ? {} : { containerOverrides: containerOverridesOf(range.container) })
          }))
        }
      }
    case "ecs":
      return {
        ecsPropertiesOverride: {
          taskProperties: (detail.ecsProperties?.taskProperties ?? []).map((task) => ({
            containers: (task.containers ?? []).map((c) => ({
              ...(c.name === undefined ? {} : { name: c.name }),
              ...containerOverridesOf(c)
            }))
          }))
        }
      }
    case "eks":
      return {
        eksPropertiesOverride: {
          podProperties: {
            containers: (detail.eksProperties?.podProperties?.containers ?? []).map((c) => ({
              ...(c.name === undefined ? {} : { name: c.name }),
              ...(c.command === undefined ? {} : { command: c.command }),
              ...(c.args === undefined ? {} : { args: c.args }),
              ...(c.env === undefined ? {} : { env: c.env.filter((e) => !e.name?.startsWith("AWS_BATCH_")) }),
              ...(c.resources === undefined ? {} : { resources: c.resources })
            }))
          }
        }
      }
    case "container":
      return detail.container === undefined ? {} : { containerOverrides: containerOverridesOf(detail.container) }
  }
}

const SubmitJobOutput = Schema.Struct({ jobId: Schema.String.check(Schema.isMinLength(1)) })
const decodeSubmitted = Schema.decodeUnknownEffect(SubmitJobOutput)

/**
 * Batch actions on `@aws-sdk/client-batch`. A retry re-reads the job (DescribeJobs) and submits it
 * again in the same shape: name, definition, queue, parameters, container overrides (command,
 * environment, resources) or an array's size, a multi-node job's nodes, an ECS task's or EKS pod's
 * containers; retry strategy, timeout and tags. An array child or a node is refused with why.
 */
export const makeAwsBatchActions = (client: BatchClient): Jobs.BatchActions["Service"] => {
  const fail = (action: Jobs.BatchActionFailed["action"], jobId: string) => (e: { readonly message: string }) =>
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
      // The shape as Batch reports it now (the JobDetail fields shapeOf reads are DescribeJobs' too).
      const shape = Jobs.retryShape(job.jobId, Jobs.shapeOf(detail as unknown as Jobs.BatchJobDetail))
      if (Result.isFailure(shape))
        return yield* new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: shape.failure })
      const tags = userTags(detail.tags)
      const input: SubmitJobCommandInput = {
        jobName: detail.jobName ?? job.jobName,
        jobQueue: detail.jobQueue ?? job.jobQueue,
        jobDefinition: detail.jobDefinition ?? job.jobDefinition,
        parameters: detail.parameters ?? { ...job.parameters },
        ...shapeOverrides(detail, shape.success),
        ...(detail.retryStrategy === undefined ? {} : { retryStrategy: detail.retryStrategy }),
        ...(detail.timeout === undefined ? {} : { timeout: detail.timeout }),
        ...(tags === undefined || Object.keys(tags).length === 0 ? {} : { tags }),
        ...(detail.propagateTags === undefined ? {} : { propagateTags: detail.propagateTags }),
        ...(detail.shareIdentifier === undefined ? {} : { shareIdentifier: detail.shareIdentifier }),
        ...(detail.schedulingPriority === undefined ? {} : { schedulingPriorityOverride: detail.schedulingPriority })
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

/** The AWS Batch actions on the default region's client of the `BatchClients` client service. */
export const layerAwsBatchActions: Layer.Layer<Jobs.BatchActions, never, BatchClients> = Layer.effect(
  Jobs.BatchActions,
  Effect.map(BatchClients, (clients) => makeAwsBatchActions(clients()))
)
