/**
 * Request traffic of a resource over time, in requests per second. Profiles are pure functions of
 * (arn, epoch ms), so a simulation driven by Effect's Clock is reproducible; `noisy` adds seeded jitter.
 */
export type TrafficProfile = (arn: string, at: number) => number

const HOUR = 3_600_000

/** A steady rate. */
export const constant =
  (tps: number): TrafficProfile =>
  () =>
    tps

/** `before` until `at`, then `after` (a traffic drop or a launch). */
export const step =
  (options: { readonly before: number; readonly after: number; readonly at: number }): TrafficProfile =>
  (_, t) =>
    t < options.at ? options.before : options.after

/** A daily cycle between `trough` (at 04:00 UTC) and `peak` (at 16:00 UTC). */
export const daily =
  (options: { readonly peak: number; readonly trough: number }): TrafficProfile =>
  (_, t) => {
    const phase = (((t % (24 * HOUR)) / (24 * HOUR)) * 2 - 4 / 12) * Math.PI
    const wave = (1 - Math.cos(phase)) / 2
    return options.trough + (options.peak - options.trough) * wave
  }

/** Deterministic hash of (seed, arn, bucket) into [0, 1). */
const unit = (seed: number, arn: string, bucket: number): number => {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < arn.length; i++) h = Math.imul(h ^ arn.charCodeAt(i), 0x01000193) >>> 0
  h = Math.imul(h ^ bucket, 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32
}

/** Multiplies a profile by a seeded factor in [1 − amplitude, 1 + amplitude], fixed per 5-minute bucket. */
export const noisy =
  (profile: TrafficProfile, options: { readonly seed: number; readonly amplitude: number }): TrafficProfile =>
  (arn, t) =>
    profile(arn, t) * (1 - options.amplitude + 2 * options.amplitude * unit(options.seed, arn, Math.floor(t / 300_000)))

/** Requests in [start, end), integrated at five-minute resolution and rounded to whole requests. */
export const requestsBetween = (profile: TrafficProfile, arn: string, start: number, end: number): number => {
  let total = 0
  const step = 300_000
  for (let t = start; t < end; t += step) {
    const slice = Math.min(step, end - t)
    total += profile(arn, t + slice / 2) * (slice / 1000)
  }
  return Math.round(total)
}
