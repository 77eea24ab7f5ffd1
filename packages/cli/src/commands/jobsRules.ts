import { Jobs } from "@personalize-ops/core"
import { Result } from "effect"
import type { CliIo } from "../Io.ts"

/** Rules read from `--rules`, or why not (`usage`: unreadable or not JSON; `invalid`: does not decode). */
export type RulesFile =
  | { readonly _tag: "Rules"; readonly rules: Jobs.ClassificationRules }
  | { readonly _tag: "Unreadable" | "Invalid"; readonly message: string }

/** Reads and decodes a classification rules file; no path means no rules. */
export const readRulesFile = async (path: string | undefined, io: CliIo): Promise<RulesFile> => {
  if (path === undefined) return { _tag: "Rules", rules: Jobs.emptyRules }
  let text: string
  try {
    text = await io.readFile(path)
  } catch (e) {
    return { _tag: "Unreadable", message: `${path}: ${e instanceof Error ? e.message : String(e)}` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { _tag: "Unreadable", message: `${path}: not JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
  const decoded = Jobs.decodeRules(json)
  return Result.isSuccess(decoded)
    ? { _tag: "Rules", rules: decoded.success }
    : { _tag: "Invalid", message: `${path}: ${decoded.failure.message}` }
}

/** Splits `--flag value` / `--flag=value` / `--switch` arguments; unknown flags are reported. */
export const parseFlags = (
  args: ReadonlyArray<string>,
  spec: { readonly values: ReadonlyArray<string>; readonly switches: ReadonlyArray<string> }
): { readonly values: Record<string, string>; readonly switches: Set<string> } | string => {
  const values: Record<string, string> = {}
  const switches = new Set<string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const eq = arg.indexOf("=")
    const name = eq === -1 ? arg : arg.slice(0, eq)
    if (spec.switches.includes(name) && eq === -1) switches.add(name)
    else if (spec.values.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1)
      if (value === undefined) return `${name} needs a value`
      values[name] = value
    } else return `unknown argument '${arg}'`
  }
  return { values, switches }
}
