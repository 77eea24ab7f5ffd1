import { Result } from "effect"
import type { ImportMode } from "../config/Deployment.ts"

/**
 * When a scheduled import runs and when it is skipped (and why), as the MLOps solution decides it, but
 * said out loud: an import is redone only when the last one is older than `maxAge` and the data changed
 * since it started. A skipped run is recorded as skipped with its reason, never silently dropped.
 */

const units: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(s|sec|secs|second|seconds)$/, 1_000],
  [/^(m|min|mins|minute|minutes)$/, 60_000],
  [/^(h|hr|hrs|hour|hours)$/, 3_600_000],
  [/^(d|day|days)$/, 86_400_000],
  [/^(w|week|weeks)$/, 7 * 86_400_000]
]

/** Parses a `maxAge` such as `"1 day"`, `"365 days"`, `"6 hours"` or `"1 second"` into milliseconds. */
export const parseMaxAge = (text: string): Result.Result<number, string> => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text)
  const unit = match === null ? undefined : units.find(([pattern]) => pattern.test(match[2]!.toLowerCase()))
  if (match === null || unit === undefined)
    return Result.fail(`"${text}" is not a duration: use "<number> <unit>" with seconds, minutes, hours, days or weeks`)
  return Result.succeed(Number(match[1]) * unit[1])
}

/** The last import of a dataset that this tool knows of. */
export interface LastImport {
  /** When it was started (epoch ms): data written after this is new to it. */
  readonly startedAt: number
  readonly status: "ACTIVE" | "CREATE FAILED"
}

/** What the data location says about its contents (S3 LastModified of the newest object); undefined when unknown. */
export interface DataState {
  readonly lastModified?: number
}

export interface ImportRequest {
  readonly now: number
  readonly mode: ImportMode
  readonly maxAgeMs?: number
  readonly last?: LastImport
  readonly data: DataState
}

export type ImportDecision =
  | { readonly _tag: "Run"; readonly mode: ImportMode; readonly reason: string }
  | { readonly _tag: "Skip"; readonly reason: string }

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Run or skip a scheduled import. Runs when there was no successful import, when the last one failed, or
 * when the data changed since and the last one is older than `maxAge`; otherwise skips with why.
 */
export const decideImport = (request: ImportRequest): ImportDecision => {
  const { last, now, mode } = request
  if (last === undefined) return { _tag: "Run", mode, reason: "no earlier import" }
  if (last.status !== "ACTIVE") return { _tag: "Run", mode, reason: `the last import (${iso(last.startedAt)}) failed` }
  const age = now - last.startedAt
  if (request.maxAgeMs !== undefined && age < request.maxAgeMs)
    return {
      _tag: "Skip",
      reason: `the last import (${iso(last.startedAt)}) is within maxAge (${Math.round(age / 1000)} s < ${Math.round(request.maxAgeMs / 1000)} s)`
    }
  const modified = request.data.lastModified
  if (modified !== undefined && modified <= last.startedAt)
    return {
      _tag: "Skip",
      reason: `the data has not changed since the last import (modified ${iso(modified)}, imported ${iso(last.startedAt)})`
    }
  return {
    _tag: "Run",
    mode,
    reason: modified === undefined ? "the data's age is unknown" : `the data changed at ${iso(modified)}`
  }
}
