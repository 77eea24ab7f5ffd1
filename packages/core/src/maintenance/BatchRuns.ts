/**
 * Batch inference and segment jobs are runs: each scheduled run is a new job whose name carries its
 * time and whose output lands under a dated prefix, so runs never collide and old outputs stay.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** `YYYYMMDD-HHMMSS` in UTC. */
export const runStamp = (at: number): string => {
  const d = new Date(at)
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
}

/** `YYYY-MM-DD` in UTC. */
export const runDate = (at: number): string => {
  const d = new Date(at)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** A run's job name: the job's base name, shortened so the whole stays within Personalize's 63 characters, and its stamp. */
export const runName = (base: string, at: number): string => {
  const stamp = runStamp(at)
  return `${base.slice(0, 63 - stamp.length - 1)}-${stamp}`
}

const stampSuffix = /-\d{8}-\d{6}$/

/**
 * The base a run's name was made from (`runName`'s inverse, with the base shortened as `runName`
 * shortens it); a name without a stamp (a job made before runs had dates) is its own base.
 */
export const runBase = (name: string): string => name.replace(stampSuffix, "")

/** A run's output prefix: `<base>/<YYYY-MM-DD>/<run name>/`. */
export const datedOutputPrefix = (base: string, at: number, name: string): string =>
  `${base.replace(/\/+$/, "")}/${runDate(at)}/${name}/`

/** A run's import job name: `<dataset>-import-<stamp>`, within 63 characters. */
export const importRunName = (dataset: string, at: number): string => runName(`${dataset}-import`, at)

/** A retraining run's solution version name: `<solution>-<full|update>-<stamp>`. */
export const trainingRunName = (solution: string, mode: "FULL" | "UPDATE", at: number): string =>
  runName(`${solution}-${mode.toLowerCase()}`, at)
