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
