import type { StatusFamily } from "./ResourceKind.ts"

/** Every status string Personalize reports, in its canonical (space-separated) spelling. */
export const statuses = [
  "CREATE PENDING",
  "CREATE IN_PROGRESS",
  "ACTIVE",
  "CREATE FAILED",
  "CREATE STOPPING",
  "CREATE STOPPED",
  "DELETE PENDING",
  "DELETE IN_PROGRESS",
  "STOP PENDING",
  "STOP IN_PROGRESS",
  "INACTIVE",
  "START PENDING",
  "START IN_PROGRESS"
] as const
export type Status = (typeof statuses)[number]

// The other spellings AWS uses for the same statuses: StopSolutionVersionCreation's doc writes
// CREATE_STOPPING with underscores, and batch jobs report PENDING / IN PROGRESS without the CREATE prefix.
const aliases: { readonly [raw: string]: Status } = {
  PENDING: "CREATE PENDING",
  "IN PROGRESS": "CREATE IN_PROGRESS",
  IN_PROGRESS: "CREATE IN_PROGRESS",
  FAILED: "CREATE FAILED"
}

/** The canonical status for any spelling AWS uses, or undefined for an unknown string. */
export const normalizeStatus = (raw: string): Status | undefined => {
  const upper = raw.trim().toUpperCase()
  if ((statuses as ReadonlyArray<string>).includes(upper)) return upper as Status
  const alias = aliases[upper]
  if (alias !== undefined) return alias
  // "CREATE_IN_PROGRESS" → "CREATE IN_PROGRESS": only the first underscore is a word separator.
  const spaced = upper.replace("_", " ")
  return (statuses as ReadonlyArray<string>).includes(spaced) ? (spaced as Status) : undefined
}

/** Statuses in which a resource is settled: nothing moves until someone acts. */
export const isSettled = (s: Status): boolean =>
  s === "ACTIVE" || s === "CREATE FAILED" || s === "CREATE STOPPED" || s === "INACTIVE"

/** The statuses each family may report. */
export const familyStatuses: { readonly [F in StatusFamily]: ReadonlyArray<Status> } = {
  none: ["ACTIVE"],
  job: ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE", "CREATE FAILED"],
  resource: ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE", "CREATE FAILED", "DELETE PENDING", "DELETE IN_PROGRESS"],
  solutionVersion: [
    "CREATE PENDING",
    "CREATE IN_PROGRESS",
    "ACTIVE",
    "CREATE FAILED",
    "CREATE STOPPING",
    "CREATE STOPPED"
  ],
  recommender: [
    "CREATE PENDING",
    "CREATE IN_PROGRESS",
    "ACTIVE",
    "CREATE FAILED",
    "DELETE PENDING",
    "DELETE IN_PROGRESS",
    "STOP PENDING",
    "STOP IN_PROGRESS",
    "INACTIVE",
    "START PENDING",
    "START IN_PROGRESS"
  ]
}

/**
 * The transitions the service makes on its own or on request (aws-facts §1.2–1.3), per status. A
 * status not listed as a key has no way out. Delete is possible from ACTIVE and CREATE FAILED.
 */
export const transitions: { readonly [S in Status]?: ReadonlyArray<Status> } = {
  "CREATE PENDING": ["CREATE IN_PROGRESS", "CREATE FAILED", "CREATE STOPPED"],
  "CREATE IN_PROGRESS": ["ACTIVE", "CREATE FAILED", "CREATE STOPPING"],
  "CREATE STOPPING": ["CREATE STOPPED"],
  ACTIVE: ["DELETE PENDING", "STOP PENDING"],
  "CREATE FAILED": ["DELETE PENDING"],
  "DELETE PENDING": ["DELETE IN_PROGRESS"],
  "STOP PENDING": ["STOP IN_PROGRESS"],
  "STOP IN_PROGRESS": ["INACTIVE"],
  INACTIVE: ["START PENDING", "DELETE PENDING"],
  "START PENDING": ["START IN_PROGRESS"],
  "START IN_PROGRESS": ["ACTIVE"]
}

/** Whether `to` may follow `from` in `family` (skipping intermediate statuses a poll may miss is allowed). */
export const canMove = (family: StatusFamily, from: Status, to: Status): boolean => {
  const allowed = familyStatuses[family]
  if (!allowed.includes(from) || !allowed.includes(to)) return false
  if (from === to) return true
  // Breadth-first over the transition graph restricted to the family: a poll may skip steps.
  const seen = new Set<Status>([from])
  const queue: Array<Status> = [from]
  while (queue.length > 0) {
    const s = queue.shift() as Status
    for (const next of transitions[s] ?? []) {
      if (!allowed.includes(next) || seen.has(next)) continue
      if (next === to) return true
      seen.add(next)
      queue.push(next)
    }
  }
  return false
}
