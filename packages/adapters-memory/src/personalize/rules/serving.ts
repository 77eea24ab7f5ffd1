import { Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import type { Entry } from "../twinStore.ts"
import {
  alreadyExists,
  type CreateOf,
  canServe,
  checkName,
  datasetFields,
  find,
  findActive,
  insert,
  invalid,
  type KindRules,
  limit,
  requireStatus,
  type TwinState,
  type UpdateOf
} from "./context.ts"

const createEventTracker = Effect.fnUntraced(function* (input: CreateOf<"EventTracker">, twin: TwinState, now: number) {
  yield* checkName(twin.store, "EventTracker", input.name, now)
  const group = yield* findActive(twin.store, "DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
  const existing = twin.store.childrenOf(group.arn, "EventTracker", now)[0]
  // One tracker per dataset group; the exception type is not documented (aws-facts §1.3).
  if (existing !== undefined)
    return yield* alreadyExists("EventTracker", existing.arn, "the dataset group already has an event tracker")
  const id = twin.store.nextId()
  const attributes = { datasetGroupArn: group.arn, trackingId: `${id}-${input.name}`.slice(0, 36) }
  return insert(twin, now, { kind: "EventTracker", name: input.name, path: id, parentArn: group.arn, attributes })
})

const createFilter = Effect.fnUntraced(function* (input: CreateOf<"Filter">, twin: TwinState, now: number) {
  yield* checkName(twin.store, "Filter", input.name, now)
  const group = yield* findActive(twin.store, "DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
  // The grammar and every Dataset.FIELD against the group's schemas (core's parser, the validator's too).
  const problem = P.filterExpressionProblem(input.filterExpression, (dataset) =>
    datasetFields(twin.store, group.arn, dataset, now)
  )
  if (problem !== undefined) return yield* invalid("Filter", "filterExpression", problem)
  if (twin.store.countChildren(group.arn, "Filter", now) >= twin.quotas.filtersPerGroup)
    return yield* limit("Filter", `More than ${twin.quotas.filtersPerGroup} filters in the dataset group`)
  const attributes = { datasetGroupArn: group.arn, filterExpression: input.filterExpression }
  return insert(twin, now, { kind: "Filter", name: input.name, path: input.name, parentArn: group.arn, attributes })
})

const tpsProblem = (tps: number) => !Number.isInteger(tps) || tps < 1

const createCampaign = Effect.fnUntraced(function* (input: CreateOf<"Campaign">, twin: TwinState, now: number) {
  const { store, quotas } = twin
  yield* checkName(store, "Campaign", input.name, now)
  if (tpsProblem(input.minProvisionedTPS))
    return yield* invalid("Campaign", "minProvisionedTPS", "minProvisionedTPS must be an integer ≥ 1")
  const version = yield* findActive(store, "SolutionVersion", input.solutionVersionArn, now, "solutionVersionArn")
  const solution = yield* find(store, "Solution", String(version.parentArn), now)
  yield* canServe(solution, "Campaign", "solutionVersionArn")
  const groupArn = String(solution.attributes.datasetGroupArn)
  if (store.countGrandchildren(groupArn, "Campaign", now) >= quotas.campaignsPerGroup)
    return yield* limit(
      "Campaign",
      `Cannot create a campaign. More than ${quotas.campaignsPerGroup} resources in ACTIVE state`
    )
  const attributes = {
    solutionVersionArn: version.arn,
    minProvisionedTPS: input.minProvisionedTPS,
    ...(input.campaignConfig === undefined ? {} : { campaignConfig: input.campaignConfig })
  }
  return insert(twin, now, {
    kind: "Campaign",
    name: input.name,
    path: input.name,
    parentArn: solution.arn,
    attributes
  })
})

const updateCampaign = Effect.fnUntraced(function* (
  input: UpdateOf<"Campaign">,
  entry: Entry,
  twin: TwinState,
  now: number
) {
  yield* requireStatus(entry, now, ["ACTIVE", "CREATE_FAILED"])
  if (input.minProvisionedTPS !== undefined && tpsProblem(input.minProvisionedTPS))
    return yield* invalid("Campaign", "minProvisionedTPS", "minProvisionedTPS must be an integer ≥ 1")
  if (input.solutionVersionArn !== undefined) {
    const version = yield* findActive(
      twin.store,
      "SolutionVersion",
      input.solutionVersionArn,
      now,
      "solutionVersionArn"
    )
    // A campaign stays listed under its solution; moving it to another solution is not modelled.
    if (version.parentArn !== entry.parentArn)
      return yield* invalid("Campaign", "solutionVersionArn", "the solution version belongs to another solution")
  }
  const fields: Record<string, unknown> = {
    ...(input.solutionVersionArn === undefined ? {} : { solutionVersionArn: input.solutionVersionArn }),
    ...(input.minProvisionedTPS === undefined ? {} : { minProvisionedTPS: input.minProvisionedTPS }),
    ...(input.campaignConfig === undefined ? {} : { campaignConfig: input.campaignConfig })
  }
  return fields
})

export const eventTrackerRules: KindRules<"EventTracker"> = { create: createEventTracker }
export const filterRules: KindRules<"Filter"> = { create: createFilter }
export const campaignRules: KindRules<"Campaign"> = { create: createCampaign, update: updateCampaign }
