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

const duration = /^(\d+(?:\.\d+)?)(d|h)$/
const rate = /^\d+(?:\.\d+)?$/

/**
 * Parses a traffic spec (the CLI's `--traffic`): `constant:R`, `step:BEFORE:AFTER:AT` (AT like `2d` or
 * `36h` after `origin`), `daily:PEAK:TROUGH`, each optionally followed by `~AMPLITUDE` (seeded noise,
 * e.g. `~0.1` for ±10 %). Rates are requests per second. Returns the profile or why the spec is wrong.
 */
export const parseTrafficSpec = (
  spec: string,
  origin: number,
  seed = 1
): { readonly profile: TrafficProfile } | { readonly error: string } => {
  const [shape = "", noise] = spec.trim().split("~")
  const [kind, ...args] = shape.split(":")
  const rates = (n: number) => args.length === n && args.slice(0, n).every((a) => rate.test(a))
  let profile: TrafficProfile
  switch (kind) {
    case "constant":
      if (!rates(1)) return { error: `constant:R takes one rate, got ${JSON.stringify(spec)}` }
      profile = constant(Number(args[0]))
      break
    case "step": {
      const m = duration.exec(args[2] ?? "")
      if (args.length !== 3 || !rate.test(args[0] ?? "") || !rate.test(args[1] ?? "") || m === null)
        return {
          error: `step:BEFORE:AFTER:AT takes two rates and a time such as 2d or 36h, got ${JSON.stringify(spec)}`
        }
      const at = origin + Number(m[1]) * (m[2] === "d" ? 24 : 1) * HOUR
      profile = step({ before: Number(args[0]), after: Number(args[1]), at })
      break
    }
    case "daily":
      if (!rates(2)) return { error: `daily:PEAK:TROUGH takes two rates, got ${JSON.stringify(spec)}` }
      profile = daily({ peak: Number(args[0]), trough: Number(args[1]) })
      break
    default:
      return { error: `unknown traffic shape ${JSON.stringify(kind)} (constant, step, daily)` }
  }
  if (noise === undefined) return { profile }
  const amplitude = Number(noise)
  if (!rate.test(noise) || amplitude > 1) return { error: `~AMPLITUDE must be a number from 0 to 1, got ${noise}` }
  return { profile: noisy(profile, { seed, amplitude }) }
}
