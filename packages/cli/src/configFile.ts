import { dirname, isAbsolute, resolve } from "node:path"
import * as Config from "@personalize-ops/core/config"
import type { CliIo } from "./Io.ts"
import { jsonErrorOffset } from "./jsonErrorOffset.ts"

/** A config file read and decoded, or why not: `usage` for I/O and JSON syntax (exit 2), `invalid` for content (exit 1). */
export type ConfigFileResult =
  | {
      readonly _tag: "Valid"
      readonly format: Config.ConfigFormat
      readonly deployment: Config.Deployment
      /** The folder of the config file; local data locations in `deployment` are already resolved against it. */
      readonly configDir?: string
    }
  | {
      readonly _tag: "Invalid"
      readonly format: Config.ConfigFormat | "unknown"
      readonly issues: ReadonlyArray<Config.ConfigIssue>
    }
  | { readonly _tag: "Unreadable"; readonly message: string }

/** Line and column (1-based) of a character offset in a text. */
export const lineAndColumn = (text: string, offset: number): { readonly line: number; readonly column: number } => {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lines = before.split("\n")
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 }
}

/** Parses JSON, or says where the syntax error is as `line L, column C: reason`. */
export const parseJson = (
  text: string
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const { line, column } = lineAndColumn(text, jsonErrorOffset(text))
    const why = reason.replace(/ in JSON at position \d+.*$/s, "").replace(/, ".*" is not valid JSON$/s, "")
    return { ok: false, message: `line ${line}, column ${column}: ${why}` }
  }
}

const isLocal = (location: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(location)

/** Local data files are written relative to the config file; make them absolute so any reader finds them. */
const resolveLocalPaths = (d: Config.Deployment, dir: string): Config.Deployment => {
  const at = (location: string) => (isLocal(location) && !isAbsolute(location) ? resolve(dir, location) : location)
  const job = <J extends Config.BatchJobSpec>(j: J): J => ({
    ...j,
    ...(j.inputPath === undefined ? {} : { inputPath: at(j.inputPath) }),
    ...(j.outputPath === undefined ? {} : { outputPath: at(j.outputPath) })
  })
  return {
    ...d,
    datasets: d.datasets.map((ds) => ({
      ...ds,
      imports: ds.imports.map((i) => ({ ...i, dataLocation: at(i.dataLocation) }))
    })),
    solutions: d.solutions.map((s) => ({
      ...s,
      batchInferenceJobs: s.batchInferenceJobs.map(job),
      batchSegmentJobs: s.batchSegmentJobs.map(job)
    }))
  }
}

/** Reads a JSON config file and decodes it (any of the three formats). */
export const readConfigFile = async (path: string, io: CliIo): Promise<ConfigFileResult> => {
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a config file"
          : code === "EACCES"
            ? "permission denied"
            : error instanceof Error
              ? error.message
              : String(error)
    return { _tag: "Unreadable", message: `${path}: ${why}` }
  }
  const parsed = parseJson(text.replace(/^\uFEFF/, ""))
  if (!parsed.ok) return { _tag: "Unreadable", message: `${path}: not valid JSON: ${parsed.message}` }
  const result = Config.decodeConfig(parsed.value)
  if (!result.valid) return { _tag: "Invalid", format: result.format, issues: result.issues }
  const configDir = dirname(resolve(path))
  return {
    _tag: "Valid",
    format: result.format,
    deployment: resolveLocalPaths(result.deployment, configDir),
    configDir
  }
}
