import type { Maintenance } from "@personalize-ops/core"
import { Effect } from "effect"
import { seededRandom } from "../simulation/seededRandom.ts"

const hour = 3_600_000
const day = 24 * hour

/** A stable number in [0, 1) for a text under a seed (the simulation's only source of variety). */
const unitOf = (seed: number, text: string): number => {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return seededRandom(h)()
}

/**
 * Data that grows: new records land at every location once a day, at a seeded hour, so a schedule
 * that imports every 6 h finds new data once a day and skips the other runs (data unchanged).
 */
export const makeGrowingData = (seed: number): Maintenance.DataFreshness["Service"] => {
  const landingHour = (location: string) => Math.floor(24 * unitOf(seed, location))
  const lastLanding = (location: string, now: number) => {
    const today = now - (now % day) + landingHour(location) * hour
    return today <= now ? today : today - day
  }
  return {
    lastModified: (location) =>
      Effect.map(
        Effect.clockWith((clock) => clock.currentTimeMillis),
        (now) => lastLanding(location, now)
      )
  }
}
