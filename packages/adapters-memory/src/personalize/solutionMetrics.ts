import { seededRandom } from "../simulation/seededRandom.ts"

/** FNV-1a: a stable 32-bit hash, so metrics depend on the seed and the version, not on call order. */
const hash = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

const round = (x: number) => Math.round(x * 10000) / 10000

/**
 * GetSolutionMetrics for a solution version, seeded and deterministic: the same seed, version ARN,
 * training data size and mode give the same numbers. More interactions raise the quality (log-scaled);
 * an UPDATE training scores a little under a FULL one. The metric names are the ones AWS reports.
 */
export const solutionMetrics = (
  seed: number,
  versionArn: string,
  interactions: number,
  trainingMode: string
): Record<string, number> => {
  const random = seededRandom(hash(`${seed}:${versionArn}`))
  const size = Math.min(1, Math.log10(Math.max(10, interactions)) / 7)
  const quality = (0.08 + 0.12 * random() + 0.25 * size) * (trainingMode === "UPDATE" ? 0.97 : 1)
  const coverage = Math.min(1, 0.2 + 0.3 * random() + 0.4 * size)
  return {
    coverage: round(coverage),
    mean_reciprocal_rank_at_25: round(quality),
    normalized_discounted_cumulative_gain_at_5: round(quality * 0.9),
    normalized_discounted_cumulative_gain_at_10: round(quality),
    normalized_discounted_cumulative_gain_at_25: round(quality * 1.12),
    precision_at_5: round(quality * 0.42),
    precision_at_10: round(quality * 0.33),
    precision_at_25: round(quality * 0.21)
  }
}
