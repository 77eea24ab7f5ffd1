import { Config } from "@personalize-ops/core"
import { type Command, ExitCode } from "../Command.ts"
import { readConfigFile } from "../configFile.ts"
import { parseArgs } from "../flags.ts"

const usage = "validate <config.json> [--json]"

const labels: ReadonlyArray<readonly [keyof Config.ResourceCounts, string]> = [
  ["datasetGroups", "dataset groups"],
  ["schemas", "schemas"],
  ["datasets", "datasets"],
  ["importJobs", "dataset import jobs"],
  ["eventTrackers", "event trackers"],
  ["filters", "filters"],
  ["solutions", "solutions"],
  ["campaigns", "campaigns"],
  ["batchInferenceJobs", "batch inference jobs"],
  ["batchSegmentJobs", "batch segment jobs"],
  ["recommenders", "recommenders"],
  ["schedules", "schedules"]
]

/** `personalize-ops validate`: decodes a config in any of the three formats and reports every issue at once. */
export const validateCommand: Command = {
  path: ["validate"],
  usage,
  summary:
    "check a config (our format, the MLOps solution's, or a personalize-pipeline params.json); exit 1 lists every issue",
  run: async (args, io) => {
    const parsed = parseArgs(args, { switches: ["json"] })
    if (typeof parsed === "string" || parsed.positionals.length !== 1) {
      io.stderr(
        `personalize-ops validate: ${typeof parsed === "string" ? parsed : "expected one config file"}\nusage: personalize-ops ${usage}\n`
      )
      return ExitCode.Usage
    }
    const json = parsed.switches.has("json")
    const path = parsed.positionals[0] as string
    const result = await readConfigFile(path, io)
    switch (result._tag) {
      case "Unreadable":
        io.stderr(`personalize-ops validate: ${result.message}\n`)
        return ExitCode.Usage
      case "Invalid":
        if (json) io.stdout(`${JSON.stringify({ valid: false, format: result.format, issues: result.issues })}\n`)
        else {
          for (const issue of result.issues)
            io.stdout(`${issue.path === "" ? "(root)" : issue.path}: ${issue.message}\n`)
          io.stderr(
            `${path}: ${result.issues.length} issue${result.issues.length === 1 ? "" : "s"} (${result.format} format)\n`
          )
        }
        return ExitCode.Invalid
      case "Valid": {
        const counts = Config.countResources(result.deployment)
        if (json) io.stdout(`${JSON.stringify({ valid: true, format: result.format, counts })}\n`)
        else {
          const d = result.deployment
          const lines = [
            `${path}: valid (${result.format} format)`,
            `  dataset group "${d.datasetGroup.name}"${d.datasetGroup.domain ? ` (${d.datasetGroup.domain})` : ""}`,
            ...labels
              .filter(([key]) => key !== "datasetGroups")
              .map(([key, label]) => `  ${label.padEnd(22)}${counts[key]}`)
          ]
          io.stdout(`${lines.join("\n")}\n`)
        }
        return ExitCode.Ok
      }
    }
  }
}
