import type * as Config from "@personalize-ops/core/config"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import { ExitCode, handler, switchFlag } from "../Command.ts"

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

/** `personalize-ops validate <config.json> [--json]`: every issue of a config in any of the three formats at once. */
export const validate = Command.make("validate", {
  config: Argument.String("config").pipe(
    Argument.withDescription("the config: our format, the MLOps solution's, or a personalize-pipeline params.json")
  ),
  json: switchFlag("json", "print { valid, format, counts | issues } as JSON")
}).pipe(
  Command.withDescription(
    "check a config (our format, the MLOps solution's, or a personalize-pipeline params.json); exit 1 lists every issue"
  ),
  Command.withHandler(
    handler("validate", async ({ config: path, json }, io) => {
      const [Config, { readConfigFile }] = await Promise.all([
        import("@personalize-ops/core/config"),
        import("../configFile.ts")
      ])
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
    })
  )
)
