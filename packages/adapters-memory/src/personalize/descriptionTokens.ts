import type { Personalize as P } from "@personalize-ops/core"
import { type Step, statusAt } from "./timelines.ts"
import type { Entry, TwinStore } from "./twinStore.ts"

/** What a DescribeX answer is made of, besides the fields only requests change: the steps in force. */
interface Seen {
  readonly timeline: Entry["timeline"]
  readonly update: Entry["update"]
  readonly goneAt: number | undefined
  readonly step: Step
  readonly updateStep: Step | undefined
  readonly token: number
}

/**
 * `DescriptionTokens` for the twin: a number that stays the same while DescribeX would answer the same.
 * A description is the entry's fields and the steps in force on its timeline and its update's; every
 * request that changes an entry replaces its timeline or its update (or sets `goneAt`), and the update's
 * fields are applied when its step changes. So the token changes with any of those, and with the entry.
 */
export const descriptionTokens = (store: TwinStore) => {
  const seen = new WeakMap<Entry, Seen>()
  let tokens = 0
  return (arn: P.ResourceArn, now: number): number | undefined => {
    const entry = store.lookup(arn, now)
    if (entry === undefined) return undefined
    const step = statusAt(entry.timeline, now)
    const updateStep = entry.update === undefined ? undefined : statusAt(entry.update.timeline, now)
    const last = seen.get(entry)
    if (
      last !== undefined &&
      last.timeline === entry.timeline &&
      last.update === entry.update &&
      last.goneAt === entry.goneAt &&
      last.step === step &&
      last.updateStep === updateStep
    )
      return last.token
    const token = ++tokens
    seen.set(entry, { timeline: entry.timeline, update: entry.update, goneAt: entry.goneAt, step, updateStep, token })
    return token
  }
}
