import { Effect } from "effect"
import {
  type CreateOf,
  canServe,
  checkName,
  checkRoleArn,
  countInFlight,
  find,
  findActive,
  insert,
  type KindRules,
  limit,
  type TwinState
} from "./context.ts"

type BatchKind = "BatchInferenceJob" | "BatchSegmentJob"

const createBatchJob = Effect.fnUntraced(function* (input: CreateOf<BatchKind>, twin: TwinState, now: number) {
  const { kind } = input
  yield* checkName(twin.store, kind, input.name, now)
  yield* checkRoleArn(kind, input.roleArn)
  const version = yield* findActive(twin.store, "SolutionVersion", input.solutionVersionArn, now, "solutionVersionArn")
  yield* canServe(yield* find(twin.store, "Solution", String(version.parentArn), now), kind, "solutionVersionArn")
  if (input.filterArn !== undefined) yield* find(twin.store, "Filter", input.filterArn, now)
  const quota =
    kind === "BatchInferenceJob" ? twin.quotas.inFlightBatchInferenceJobs : twin.quotas.inFlightBatchSegmentJobs
  if (countInFlight(twin.store, kind, now) >= quota)
    return yield* limit(kind, `More than ${quota} resources with PENDING or IN_PROGRESS status.`)
  const attributes = {
    solutionVersionArn: version.arn,
    jobInput: input.inputPath,
    jobOutput: input.outputPath,
    roleArn: input.roleArn,
    ...(input.filterArn === undefined ? {} : { filterArn: input.filterArn }),
    ...(input.numResults === undefined ? {} : { numResults: input.numResults }),
    ...(input.jobConfig === undefined ? {} : { jobConfig: input.jobConfig })
  }
  return insert(twin, now, { kind, name: input.name, path: input.name, parentArn: version.arn, attributes })
})

export const batchInferenceJobRules: KindRules<"BatchInferenceJob"> = { create: createBatchJob }
export const batchSegmentJobRules: KindRules<"BatchSegmentJob"> = { create: createBatchJob }
