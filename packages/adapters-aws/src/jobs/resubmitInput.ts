import type { ContainerDetail, JobDetail, KeyValuePair, SubmitJobCommandInput } from "@aws-sdk/client-batch"
import type { Jobs } from "@personalize-ops/core"

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

/**
 * The SubmitJob input that submits `job` again as Batch describes it now (`detail`), in `shape`: name,
 * definition, queue, parameters, the shape's overrides, retry strategy, timeout, user tags, share and
 * scheduling priority. What Batch no longer reports falls back to the job as we last saw it.
 */
export const resubmitInput = (job: Jobs.JobRef, detail: JobDetail, shape: Jobs.SubmitShape): SubmitJobCommandInput => {
  const tags = userTags(detail.tags)
  return {
    jobName: detail.jobName ?? job.jobName,
    jobQueue: detail.jobQueue ?? job.jobQueue,
    jobDefinition: detail.jobDefinition ?? job.jobDefinition,
    parameters: detail.parameters ?? { ...job.parameters },
    ...shapeOverrides(detail, shape),
    ...(detail.retryStrategy === undefined ? {} : { retryStrategy: detail.retryStrategy }),
    ...(detail.timeout === undefined ? {} : { timeout: detail.timeout }),
    ...(tags === undefined || Object.keys(tags).length === 0 ? {} : { tags }),
    ...(detail.propagateTags === undefined ? {} : { propagateTags: detail.propagateTags }),
    ...(detail.shareIdentifier === undefined ? {} : { shareIdentifier: detail.shareIdentifier }),
    ...(detail.schedulingPriority === undefined ? {} : { schedulingPriorityOverride: detail.schedulingPriority })
  }
}
