import { Result } from "effect"

/**
 * The promotion gate: campaigns move to a newly trained solution version only if its offline metric
 * (GetSolutionMetrics) is not worse than the serving version's by more than a tolerance. Every offline
 * metric Personalize reports is better when higher (coverage, MRR, NDCG, precision), so "worse" is lower.
 */

/** Offline metrics of one solution version, as GetSolutionMetrics returns them (`normalized_discounted_cumulative_gain_at_25`, …). */
export type SolutionMetrics = { readonly [metric: string]: number }

/** The metric the gate compares (the GetSolutionMetrics key) and how much worse the new version may be. */
export interface GateSettings {
  readonly metric: string
  /** Absolute slack: promote when `candidate >= serving - tolerance`. 0 means "not worse". */
  readonly tolerance: number
}

export const defaultGateSettings: GateSettings = {
  metric: "normalized_discounted_cumulative_gain_at_25",
  tolerance: 0
}

const shorthands: ReadonlyArray<readonly [RegExp, string]> = [
  [/^ndcg@(\d+)$/i, "normalized_discounted_cumulative_gain_at_"],
  [/^mrr@(\d+)$/i, "mean_reciprocal_rank_at_"],
  [/^precision@(\d+)$/i, "precision_at_"]
]
const metricPattern = /^[a-z][a-z0-9_]*$/

/** The GetSolutionMetrics key of a metric written as a key or a shorthand (`NDCG@25`, `MRR@25`, `precision@10`). */
export const metricKey = (name: string): Result.Result<string, string> => {
  for (const [pattern, prefix] of shorthands) {
    const match = pattern.exec(name.trim())
    if (match !== null) return Result.succeed(`${prefix}${match[1]}`)
  }
  return metricPattern.test(name)
    ? Result.succeed(name)
    : Result.fail(
        `"${name}" is not a metric: use a GetSolutionMetrics key (e.g. coverage) or NDCG@k, MRR@k, precision@k`
      )
}

/** Checks gate settings from outside input; the failure names the field. */
export const makeGateSettings = (input: {
  readonly metric?: string | undefined
  readonly tolerance?: number | undefined
}): Result.Result<GateSettings, { readonly field: "metric" | "tolerance"; readonly message: string }> => {
  const metric = input.metric === undefined ? Result.succeed(defaultGateSettings.metric) : metricKey(input.metric)
  if (Result.isFailure(metric)) return Result.fail({ field: "metric", message: metric.failure })
  const tolerance = input.tolerance ?? defaultGateSettings.tolerance
  if (!Number.isFinite(tolerance) || tolerance < 0)
    return Result.fail({ field: "tolerance", message: `must be a number ≥ 0 (got ${tolerance})` })
  return Result.succeed({ metric: metric.success, tolerance })
}

/** The gate's decision, with both numbers and why. */
export type GateDecision =
  | {
      readonly _tag: "Promote"
      readonly metric: string
      readonly candidate: number | undefined
      readonly serving: number | undefined
      readonly reason: string
    }
  | {
      readonly _tag: "Keep"
      readonly metric: string
      readonly candidate: number | undefined
      readonly serving: number | undefined
      readonly reason: string
    }

const show = (n: number) => String(Math.round(n * 10_000) / 10_000)

/**
 * Decides whether campaigns move to the candidate version. No serving version (or none with the metric):
 * promote. A candidate without the metric: keep (nothing proves it is not worse).
 */
export const decidePromotion = (
  settings: GateSettings,
  candidate: SolutionMetrics,
  serving: SolutionMetrics | undefined
): GateDecision => {
  const metric = settings.metric
  const c = candidate[metric]
  const s = serving?.[metric]
  if (c === undefined)
    return { _tag: "Keep", metric, candidate: c, serving: s, reason: `the new version reports no ${metric}` }
  if (s === undefined)
    return {
      _tag: "Promote",
      metric,
      candidate: c,
      serving: s,
      reason: serving === undefined ? "no version is serving yet" : `the serving version reports no ${metric}`
    }
  const slack = settings.tolerance === 0 ? "" : ` - tolerance ${show(settings.tolerance)}`
  return c >= s - settings.tolerance
    ? {
        _tag: "Promote",
        metric,
        candidate: c,
        serving: s,
        reason: `${metric} ${show(c)} ≥ serving ${show(s)}${slack}`
      }
    : {
        _tag: "Keep",
        metric,
        candidate: c,
        serving: s,
        reason: `${metric} ${show(c)} < serving ${show(s)}${slack}`
      }
}
