import { Personalize as P } from "@personalize-ops/core"
import { trainingProblem } from "./importCheck.ts"
import { inFlight, insert, type TwinState, trainingData } from "./rules/context.ts"
import { statusAt } from "./timelines.ts"
import type { Entry } from "./twinStore.ts"

const hour = 3_600_000
const day = 24 * hour

/** `rate(N day)` / `rate(N days)`, N from 1 to 30 (aws-facts §1.1 SchedulingExpression); the default is 7 days. */
const ratePattern = /^rate\((\d+) days?\)$/

/** Why an auto-training schedule is refused, or undefined. */
export const autoTrainingScheduleProblem = (expression: string): string | undefined => {
  const days = Number(ratePattern.exec(expression)?.[1])
  return Number.isInteger(days) && days >= 1 && days <= 30 && expression.length <= 16
    ? undefined
    : `schedulingExpression must be rate(N days) with N from 1 to 30 (got "${expression}")`
}

/** The solution's `solutionConfig.autoTrainingConfig.schedulingExpression`, if any. */
export const autoTrainingSchedule = (solutionConfig: unknown): string | undefined => {
  const config = (solutionConfig as { autoTrainingConfig?: { schedulingExpression?: unknown } } | undefined)
    ?.autoTrainingConfig?.schedulingExpression
  return typeof config === "string" ? config : undefined
}

const periodOf = (solution: Entry): number => {
  const days = Number(ratePattern.exec(autoTrainingSchedule(solution.attributes.solutionConfig) ?? "")?.[1])
  return (Number.isInteger(days) ? days : 7) * day
}

/** When the solution became ACTIVE, if it has by `now`. */
const activeSince = (solution: Entry, now: number): number | undefined =>
  solution.timeline.find((s) => s.status === "ACTIVE" && s.at <= now)?.at

/** One due automatic training at `at`: started unless a rule skips it. */
const startIfDue = (twin: TwinState, solution: Entry, at: number, now: number): void => {
  const versions = twin.store.childrenOf(solution.arn, "SolutionVersion", now)
  const first = at === (activeSince(solution, now) ?? 0) + hour
  const skip =
    (first && versions.some((v) => v.attributes.trainingType === "MANUAL" && v.createdAt <= at)) ||
    versions.some((v) => v.createdAt <= at && inFlight(statusAt(v.timeline, at).status))
  if (skip) return
  const data = trainingData(twin.store, String(solution.attributes.datasetGroupArn), at)
  insert(
    twin,
    at,
    {
      kind: "SolutionVersion",
      name: `auto-${Math.floor(at / 1000)}`,
      path: P.solutionVersionId(solution.name, twin.store.nextId()),
      parentArn: solution.arn,
      attributes: { solutionArn: solution.arn, trainingMode: "AUTOTRAIN", trainingType: "AUTOMATIC" },
      timeline: twin.timelines.create(
        "SolutionVersion",
        at,
        trainingProblem(data, solution.attributes.eventType as string | undefined)
      ),
      ...(data === undefined ? {} : { trainedOn: data.length })
    },
    true
  )
}

/**
 * One solution's due automatic trainings up to `now`; gives when to look at it again (undefined: not
 * until it is updated).
 */
const catchUp = (twin: TwinState, solution: Entry, now: number): number | undefined => {
  let due: number | undefined
  // An update still in flight may turn auto-training on (or change it) when it applies: look again then.
  const update = solution.update
  if (update !== undefined && !update.applied) due = update.timeline.at(-1)?.at ?? now
  if (solution.attributes.performAutoTraining !== true) return due
  let at = solution.autoTrainingAt
  if (at === undefined) {
    const since = activeSince(solution, now)
    if (since === undefined) {
      const active = solution.timeline.find((s) => s.status === "ACTIVE")
      return active === undefined ? due : Math.min(due ?? Number.POSITIVE_INFINITY, active.at + hour)
    }
    at = since + hour
  }
  for (; at <= now; at += periodOf(solution)) startIfDue(twin, solution, at, now)
  solution.autoTrainingAt = at
  return Math.min(due ?? Number.POSITIVE_INFINITY, at)
}

/**
 * Auto-training (aws-facts §1.3, BC-P CreateSolution): with `performAutoTraining` (default on), the first
 * AUTOMATIC solution version starts one hour after the solution is ACTIVE, then one every schedule
 * period (default 7 days). A manual version created inside that first hour skips the first automatic one.
 * A due training while another version of the solution is still training is skipped (not documented:
 * the twin's choice). Run on every call before it is answered, so versions appear at their due time
 * without background fibers; each due time is handled once (`Entry.autoTrainingAt`). Only the solutions
 * whose turn has come are looked at (`TwinStore.dueAutoTrainings`, in creation order: a scan of every
 * solution whenever one was due made an apply quadratic in the number of solutions).
 */
export const runAutoTraining = (twin: TwinState, now: number): void => {
  const store = twin.store
  for (const solution of store.dueAutoTrainings(now)) {
    // A solution deleted since it was queued is not looked at (nor queued) again.
    if (store.lookup(solution.arn, now) !== solution) continue
    const next = catchUp(twin, solution, now)
    if (next !== undefined) store.queueAutoTraining(solution, next)
  }
}
