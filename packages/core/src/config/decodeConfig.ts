import { checkContentRules } from "./contentRules.ts"
import type { ConfigFormat, Deployment } from "./Deployment.ts"
import { checkDraft, type Draft, toDeployment } from "./Draft.ts"
import { decodeMlopsSolution } from "./formats/MlopsSolutionFormat.ts"
import { decodePersonalizeOps, personalizeOpsFormatVersion } from "./formats/PersonalizeOpsFormat.ts"
import { decodePersonalizePipeline } from "./formats/PersonalizePipelineFormat.ts"
import { type ConfigIssue, IssueCollector } from "./IssueCollector.ts"

export type { ConfigIssue } from "./IssueCollector.ts"

/** A decoded config: valid with its deployment, or every issue found at once. */
export type ConfigDecodeResult =
  | { readonly valid: true; readonly format: ConfigFormat; readonly deployment: Deployment }
  | { readonly valid: false; readonly format: ConfigFormat | "unknown"; readonly issues: ReadonlyArray<ConfigIssue> }

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Which format a parsed JSON config is in: ours carries `"format": "personalize-ops/v1"`; the MLOps
 * solution wraps resources in `serviceConfig`; the personalize-pipeline `params.json` has a plain
 * `datasetGroup.name` and `solution`/`campaign` (v1) or slot objects (v2).
 */
export const detectFormat = (input: unknown): ConfigFormat | undefined => {
  if (!isObject(input)) return undefined
  if ("format" in input) return "personalize-ops"
  const dsg = input["datasetGroup"]
  const solutions = input["solutions"]
  if (
    (isObject(dsg) && ("serviceConfig" in dsg || "workflowConfig" in dsg)) ||
    (Array.isArray(solutions) && solutions.some((s) => isObject(s) && "serviceConfig" in s))
  )
    return "mlops-solution"
  if ((isObject(dsg) && "name" in dsg) || "solution" in input || "campaign" in input || isObject(solutions))
    return "personalize-pipeline"
  return undefined
}

const decoders: Readonly<Record<ConfigFormat, (input: unknown, c: IssueCollector) => Draft>> = {
  "personalize-ops": decodePersonalizeOps,
  "mlops-solution": decodeMlopsSolution,
  "personalize-pipeline": decodePersonalizePipeline
}

/** Detects the format of a parsed JSON config and decodes it into a Deployment, reporting every issue at once. */
export const decodeConfig = (input: unknown): ConfigDecodeResult => {
  const format = detectFormat(input)
  if (format === undefined)
    return {
      valid: false,
      format: "unknown",
      issues: [
        {
          path: "",
          message: isObject(input)
            ? `cannot tell the config format: add "format": "${personalizeOpsFormatVersion}" (or use the MLOps solution's serviceConfig/workflowConfig, or a personalize-pipeline params.json)`
            : `a config must be a JSON object`
        }
      ]
    }
  const c = new IssueCollector()
  const draft = decoders[format](input, c)
  checkDraft(draft, c)
  checkContentRules(draft, c)
  const datasetGroup = draft.datasetGroup
  if (c.issues.length > 0 || datasetGroup === undefined)
    return {
      valid: false,
      format,
      issues: c.issues.length > 0 ? c.issues : [{ path: "datasetGroup", message: "Missing key" }]
    }
  return { valid: true, format, deployment: toDeployment({ ...draft, datasetGroup }) }
}
