import { Result, Schema } from "effect"
import type { BatchJobDetail } from "./BatchJobStateChange.ts"

/** What one container of a job ended with (ECS task containers, EKS pod containers). */
export const ContainerOutcome = Schema.Struct({
  name: Schema.optionalKey(Schema.String),
  exitCode: Schema.optionalKey(Schema.Finite),
  reason: Schema.optionalKey(Schema.String),
  logStreamName: Schema.optionalKey(Schema.String)
})
export type ContainerOutcome = typeof ContainerOutcome.Type

/**
 * The kind of Batch job an event describes (aws-facts §5.1 JobDetail): a single container, an ECS task
 * of several containers, an EKS pod, an array job's parent or one of its children (`<parent>:<index>`),
 * a multi-node parallel job or one of its nodes (`<job>#<node>`).
 */
export const JobShape = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("container") }),
  Schema.Struct({ kind: Schema.Literal("ecs"), containers: Schema.Array(ContainerOutcome) }),
  Schema.Struct({
    kind: Schema.Literal("eks"),
    podName: Schema.optionalKey(Schema.String),
    nodeName: Schema.optionalKey(Schema.String),
    containers: Schema.Array(ContainerOutcome)
  }),
  Schema.Struct({
    kind: Schema.Literal("array"),
    size: Schema.Int,
    /** Children per status, as the parent's latest event counted them. */
    statusSummary: Schema.Record(Schema.String, Schema.Int)
  }),
  Schema.Struct({ kind: Schema.Literal("array-child"), parentJobId: Schema.String, index: Schema.Int }),
  Schema.Struct({
    kind: Schema.Literal("multi-node"),
    numNodes: Schema.Int,
    mainNode: Schema.Int,
    /** `targetNodes` of each node range, e.g. `0:0`, `1:`. */
    nodeRanges: Schema.Array(Schema.String)
  }),
  Schema.Struct({
    kind: Schema.Literal("node"),
    mainJobId: Schema.String,
    nodeIndex: Schema.Int,
    isMainNode: Schema.Boolean
  })
])
export type JobShape = typeof JobShape.Type

const Int = Schema.Int
const containerFields = {
  name: Schema.optionalKey(Schema.String),
  image: Schema.optionalKey(Schema.String),
  command: Schema.optionalKey(Schema.Array(Schema.String)),
  exitCode: Schema.optionalKey(Schema.Finite),
  reason: Schema.optionalKey(Schema.String),
  logStreamName: Schema.optionalKey(Schema.String)
}

/** The shape-bearing parts of a JobDetail (the fields we read; extra fields are ignored). */
export const BatchShapeFields = {
  arrayProperties: Schema.optionalKey(
    Schema.Struct({
      size: Schema.optionalKey(Int),
      index: Schema.optionalKey(Int),
      statusSummary: Schema.optionalKey(Schema.Record(Schema.String, Int)),
      statusSummaryLastUpdatedAt: Schema.optionalKey(Schema.Finite)
    })
  ),
  nodeProperties: Schema.optionalKey(
    Schema.Struct({
      numNodes: Int,
      mainNode: Int,
      nodeRangeProperties: Schema.optionalKey(Schema.Array(Schema.Struct({ targetNodes: Schema.String })))
    })
  ),
  nodeDetails: Schema.optionalKey(
    Schema.Struct({ nodeIndex: Schema.optionalKey(Int), isMainNode: Schema.optionalKey(Schema.Boolean) })
  ),
  ecsProperties: Schema.optionalKey(
    Schema.Struct({
      taskProperties: Schema.optionalKey(
        Schema.Array(Schema.Struct({ containers: Schema.optionalKey(Schema.Array(Schema.Struct(containerFields))) }))
      )
    })
  ),
  eksProperties: Schema.optionalKey(
    Schema.Struct({
      podProperties: Schema.optionalKey(
        Schema.Struct({
          podName: Schema.optionalKey(Schema.String),
          nodeName: Schema.optionalKey(Schema.String),
          containers: Schema.optionalKey(Schema.Array(Schema.Struct(containerFields)))
        })
      )
    })
  )
}

const outcome = (c: {
  readonly name?: string
  readonly exitCode?: number
  readonly reason?: string
  readonly logStreamName?: string
}): ContainerOutcome => ({
  ...(c.name === undefined ? {} : { name: c.name }),
  ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }),
  ...(c.reason === undefined ? {} : { reason: c.reason }),
  ...(c.logStreamName === undefined ? {} : { logStreamName: c.logStreamName })
})

/** The part of a child or node id before its `:index` / `#node` suffix. */
const before = (id: string, mark: string) => {
  const i = id.lastIndexOf(mark)
  return i < 0 ? id : id.slice(0, i)
}

/** Which kind of job a JobDetail describes, with what that kind carries. */
export const shapeOf = (detail: BatchJobDetail): JobShape => {
  const array = detail.arrayProperties
  if (array?.size !== undefined) return { kind: "array", size: array.size, statusSummary: array.statusSummary ?? {} }
  if (array?.index !== undefined)
    return { kind: "array-child", parentJobId: before(detail.jobId, ":"), index: array.index }
  const node = detail.nodeDetails
  if (node?.nodeIndex !== undefined)
    return {
      kind: "node",
      mainJobId: before(detail.jobId, "#"),
      nodeIndex: node.nodeIndex,
      isMainNode: node.isMainNode ?? false
    }
  const mnp = detail.nodeProperties
  if (mnp !== undefined)
    return {
      kind: "multi-node",
      numNodes: mnp.numNodes,
      mainNode: mnp.mainNode,
      nodeRanges: (mnp.nodeRangeProperties ?? []).map((r) => r.targetNodes)
    }
  const pod = detail.eksProperties?.podProperties
  if (pod !== undefined)
    return {
      kind: "eks",
      ...(pod.podName === undefined ? {} : { podName: pod.podName }),
      ...(pod.nodeName === undefined ? {} : { nodeName: pod.nodeName }),
      containers: (pod.containers ?? []).map(outcome)
    }
  const task = detail.ecsProperties?.taskProperties?.[0]
  if (task !== undefined) return { kind: "ecs", containers: (task.containers ?? []).map(outcome) }
  return { kind: "container" }
}

/**
 * Why a job failed, when the reason is one an operator acts on differently from a program error.
 * Encoded once from the reasons AWS writes (ECS: `OutOfMemoryError: Container killed due to memory
 * usage`, EKS: `OOMKilled`; EC2: `Host EC2 (instance i-…) terminated.` on a Spot reclaim).
 */
export const failureKinds = [
  { kind: "out-of-memory", pattern: /OutOfMemoryError|killed due to memory usage|OOMKilled/i },
  { kind: "spot-reclaim", pattern: /^Host EC2 \(instance [^)]*\) terminated/ }
] as const
export type FailureKind = (typeof failureKinds)[number]["kind"]
export const FailureKind = Schema.Literals(failureKinds.map((f) => f.kind))

/** The failure kind a set of reasons shows, if any. */
export const failureKindOf = (reasons: ReadonlyArray<string | undefined>): FailureKind | undefined =>
  failureKinds.find((f) => reasons.some((r) => r !== undefined && f.pattern.test(r)))?.kind

/** The CloudWatch console page of a Batch job's log stream (`/aws/batch/job`, aws-facts §5.2). */
export const logStreamUrl = (region: string, logStreamName: string, logGroup = "/aws/batch/job"): string => {
  // The console's fragment escapes '/' twice ($252F), the way its own links do.
  const esc = (s: string) => encodeURIComponent(encodeURIComponent(s)).replace(/%/g, "$")
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${esc(logGroup)}/log-events/${esc(logStreamName)}`
}

/**
 * What a retry asks Batch to run again: the job's shape as SubmitJob takes it (an array job's size, a
 * multi-node job's node count and ranges, the containers an ECS task or EKS pod overrides by name).
 */
export type SubmitShape =
  | { readonly kind: "container" }
  | { readonly kind: "array"; readonly size: number }
  | { readonly kind: "multi-node"; readonly numNodes: number; readonly nodeRanges: ReadonlyArray<string> }
  | { readonly kind: "ecs"; readonly containers: ReadonlyArray<string> }
  | { readonly kind: "eks"; readonly containers: ReadonlyArray<string> }

/**
 * The shape to resubmit a job with, or why Batch cannot resubmit it: a child of an array job and a
 * node of a multi-node job are not jobs SubmitJob can make alone (their parent is).
 */
export const retryShape = (jobId: string, shape: JobShape | undefined): Result.Result<SubmitShape, string> => {
  if (shape === undefined) return Result.succeed({ kind: "container" })
  switch (shape.kind) {
    case "container":
      return Result.succeed({ kind: "container" })
    case "array":
      return Result.succeed({ kind: "array", size: shape.size })
    case "multi-node":
      return Result.succeed({ kind: "multi-node", numNodes: shape.numNodes, nodeRanges: shape.nodeRanges })
    case "ecs":
    case "eks":
      return Result.succeed({ kind: shape.kind, containers: shape.containers.map((c) => c.name ?? "") })
    case "array-child":
      return Result.fail(
        `${jobId} is child ${shape.index} of array job ${shape.parentJobId}; Batch cannot resubmit one child: retry ${shape.parentJobId}`
      )
    case "node":
      return Result.fail(
        `${jobId} is node ${shape.nodeIndex} of multi-node job ${shape.mainJobId}; Batch cannot resubmit one node: retry ${shape.mainJobId}`
      )
  }
}
