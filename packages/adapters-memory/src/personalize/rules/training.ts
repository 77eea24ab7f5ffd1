import { type Config, Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import { autoTrainingSchedule, autoTrainingScheduleProblem } from "../autoTraining.ts"
import { trainingProblem } from "../importCheck.ts"
import { type Entry, statusOf } from "../twinStore.ts"
import {
  type CreateOf,
  checkName,
  countInFlight,
  findActive,
  inFlight,
  insert,
  inUse,
  invalid,
  type KindRules,
  limit,
  notFound,
  requireStatus,
  type TwinState,
  trainingData,
  type UpdateOf
} from "./context.ts"

/**
 * The recipe exists (ResourceNotFound otherwise) and fits its use: custom recipes back solutions, a
 * domain's use cases back recommenders of a dataset group of that domain (core's `recipeUseProblem`).
 */
const checkRecipe = (kind: "Solution" | "Recommender", recipeArn: string, group: Entry) => {
  if (P.recipeOf(recipeArn) === undefined) return notFound("Recipe", recipeArn)
  const problem = P.recipeUseProblem(recipeArn, kind, group.attributes.domain as Config.Domain | undefined)
  return problem === undefined ? Effect.void : invalid(kind, "recipeArn", problem)
}

const createSolution = Effect.fnUntraced(function* (input: CreateOf<"Solution">, twin: TwinState, now: number) {
  const { store, quotas } = twin
  yield* checkName(store, "Solution", input.name, now)
  if (input.recipeArn === undefined && input.performAutoML !== true)
    return yield* invalid("Solution", "recipeArn", "recipeArn is required unless performAutoML is true")
  const group = yield* findActive(store, "DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
  if (input.recipeArn !== undefined) yield* checkRecipe("Solution", input.recipeArn, group)
  const schedule = autoTrainingSchedule(input.solutionConfig)
  const scheduleProblem = schedule === undefined ? undefined : autoTrainingScheduleProblem(schedule)
  if (scheduleProblem !== undefined)
    return yield* invalid("Solution", "solutionConfig.autoTrainingConfig.schedulingExpression", scheduleProblem)
  if (store.countChildren(group.arn, "Solution", now) >= quotas.solutionsPerGroup)
    return yield* limit("Solution", `More than ${quotas.solutionsPerGroup} solutions in the dataset group`)
  const attributes = {
    datasetGroupArn: group.arn,
    performAutoML: input.performAutoML ?? false,
    performHPO: input.performHPO ?? false,
    performAutoTraining: input.performAutoTraining ?? true,
    ...(input.recipeArn === undefined ? {} : { recipeArn: input.recipeArn }),
    ...(input.eventType === undefined ? {} : { eventType: input.eventType }),
    ...(input.solutionConfig === undefined ? {} : { solutionConfig: input.solutionConfig })
  }
  return insert(twin, now, { kind: "Solution", name: input.name, path: input.name, parentArn: group.arn, attributes })
})

const updateSolution = Effect.fnUntraced(function* (
  input: UpdateOf<"Solution">,
  entry: Entry,
  _: TwinState,
  now: number
) {
  yield* requireStatus(entry, now, ["ACTIVE"])
  const fields: Record<string, unknown> = {
    ...(input.performAutoTraining === undefined ? {} : { performAutoTraining: input.performAutoTraining }),
    ...(input.solutionUpdateConfig === undefined ? {} : { solutionUpdateConfig: input.solutionUpdateConfig })
  }
  return fields
})

const deleteSolution = (entry: Entry, twin: TwinState, now: number) => {
  if (twin.store.countChildren(entry.arn, "Campaign", now) > 0)
    return inUse(entry, "delete the solution's campaigns first")
  if (twin.store.childrenOf(entry.arn, "SolutionVersion", now).some((v) => inFlight(statusOf(v, now))))
    return inUse(entry, "a solution version is in progress")
  return Effect.void
}

const createSolutionVersion = Effect.fnUntraced(function* (
  input: CreateOf<"SolutionVersion">,
  twin: TwinState,
  now: number
) {
  const { store, quotas } = twin
  yield* checkName(store, "SolutionVersion", input.name, now, input.solutionArn)
  const solution = yield* findActive(store, "Solution", input.solutionArn, now, "solutionArn")
  const versions = store.childrenOf(solution.arn, "SolutionVersion", now)
  if (
    input.trainingMode === "UPDATE" &&
    !versions.some((v) => v.attributes.trainingMode === "FULL" && statusOf(v, now) === "ACTIVE")
  )
    return yield* invalid("SolutionVersion", "trainingMode", "UPDATE needs an ACTIVE FULL solution version")
  if (versions.some((v) => inFlight(statusOf(v, now))))
    return yield* inUse(solution, "the solution has a version in CREATE PENDING or CREATE IN_PROGRESS")
  if (countInFlight(store, "SolutionVersion", now) >= quotas.inFlightSolutionVersions)
    return yield* limit(
      "SolutionVersion",
      `More than ${quotas.inFlightSolutionVersions} resources with PENDING or IN_PROGRESS status.`
    )
  const data = trainingData(store, String(solution.attributes.datasetGroupArn), now)
  const problem = trainingProblem(data, solution.attributes.eventType as string | undefined)
  const id = store.nextId()
  return insert(twin, now, {
    kind: "SolutionVersion",
    name: input.name,
    path: P.solutionVersionId(solution.name, id),
    parentArn: solution.arn,
    attributes: { solutionArn: solution.arn, trainingMode: input.trainingMode, trainingType: "MANUAL" },
    timeline: twin.timelines.create("SolutionVersion", now, problem),
    ...(data === undefined ? {} : { trainedOn: data.length })
  })
})

const createRecommender = Effect.fnUntraced(function* (input: CreateOf<"Recommender">, twin: TwinState, now: number) {
  const { store, quotas } = twin
  yield* checkName(store, "Recommender", input.name, now)
  const group = yield* findActive(store, "DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
  yield* checkRecipe("Recommender", input.recipeArn, group)
  if (store.countChildren(group.arn, "Recommender", now) >= quotas.recommendersPerGroup)
    return yield* limit("Recommender", `More than ${quotas.recommendersPerGroup} recommenders in the dataset group`)
  const attributes = {
    datasetGroupArn: group.arn,
    recipeArn: input.recipeArn,
    recommenderConfig: { minRecommendationRequestsPerSecond: 1, ...input.recommenderConfig }
  }
  return insert(twin, now, {
    kind: "Recommender",
    name: input.name,
    path: input.name,
    parentArn: group.arn,
    attributes,
    timeline: twin.timelines.create("Recommender", now, trainingProblem(trainingData(store, group.arn, now), undefined))
  })
})

const updateRecommender = Effect.fnUntraced(function* (
  input: UpdateOf<"Recommender">,
  entry: Entry,
  _: TwinState,
  now: number
) {
  yield* requireStatus(entry, now, ["ACTIVE"])
  const fields: Record<string, unknown> = {
    recommenderConfig: { ...(entry.attributes.recommenderConfig as object), ...input.recommenderConfig }
  }
  return fields
})

export const solutionRules: KindRules<"Solution"> = {
  create: createSolution,
  update: updateSolution,
  deleteGuard: deleteSolution
}
export const solutionVersionRules: KindRules<"SolutionVersion"> = { create: createSolutionVersion }
export const recommenderRules: KindRules<"Recommender"> = { create: createRecommender, update: updateRecommender }
