import { Schema } from "effect"

/** The canonical (underscore) status spellings. AWS uses several spellings; `normaliseStatus` maps them here. */
export const Statuses = [
  "CREATE_PENDING",
  "CREATE_IN_PROGRESS",
  "ACTIVE",
  "CREATE_FAILED",
  "CREATE_STOPPING",
  "CREATE_STOPPED",
  "DELETE_PENDING",
  "DELETE_IN_PROGRESS",
  "STOP_PENDING",
  "STOP_IN_PROGRESS",
  "INACTIVE",
  "START_PENDING",
  "START_IN_PROGRESS"
] as const
export type Status = (typeof Statuses)[number]
export const Status = Schema.Literals(Statuses)

/**
 * Every raw spelling AWS is known to send (aws-facts §1.2, §1.3): "CREATE IN_PROGRESS" in most member
 * docs, "CREATE_IN_PROGRESS" in StopSolutionVersionCreation's, and batch jobs' bare "PENDING" /
 * "IN PROGRESS". Keys are compared after upper-casing and collapsing whitespace/underscores to "_".
 */
const aliases: { readonly [raw: string]: Status } = {
  PENDING: "CREATE_PENDING",
  IN_PROGRESS: "CREATE_IN_PROGRESS",
  FAILED: "CREATE_FAILED"
}

const canonical = new Set<string>(Statuses)

/** Maps any AWS status spelling to the canonical one; undefined for a string we do not know. */
export const normaliseStatus = (raw: string): Status | undefined => {
  const key = raw
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, "_")
  return canonical.has(key) ? (key as Status) : aliases[key]
}

/** Statuses in which nothing more will happen without a new request. */
export const isTerminal = (status: Status): boolean =>
  status === "ACTIVE" || status === "CREATE_FAILED" || status === "CREATE_STOPPED" || status === "INACTIVE"

/** Statuses that count as "pending or in progress" for quotas and ResourceInUse. */
export const isInFlight = (status: Status): boolean => !isTerminal(status)
