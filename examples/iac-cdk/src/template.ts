import { copyFile, mkdir, readFile, rm } from "node:fs/promises"
import { join } from "node:path"
import { monitorParameters } from "@personalize-ops/handlers/monitoring/parameters"
import { App } from "aws-cdk-lib"
import { PersonalizeOpsStack } from "./PersonalizeOpsStack.ts"

/** The stack name of the one-click monitor template (and of its cloud assembly). */
export const templateStackName = "PersonalizeOpsMonitor"
/** The template's file name inside the output folder. */
export const templateFileName = "personalize-ops.template.json"

/**
 * Synthesizes the one-click monitor (the monitoring capability, its settings as CloudFormation
 * parameters named as the anchor's) offline: the cloud assembly with the handler bundles as file
 * assets goes to `<outDir>/cdk.out`, the template to `<outDir>/personalize-ops.template.json`.
 * Deploying the assembly (`cdk deploy --app <outDir>/cdk.out`) uploads the assets and creates the stack.
 */
export const synthTemplate = async (options: { readonly bundlesDir: string; readonly outDir: string }) => {
  const assembly = join(options.outDir, "cdk.out")
  await rm(assembly, { recursive: true, force: true })
  await mkdir(options.outDir, { recursive: true })
  const app = new App({ outdir: assembly, analyticsReporting: false })
  new PersonalizeOpsStack(app, templateStackName, {
    bundlesDir: options.bundlesDir,
    capabilities: ["monitoring"],
    settings: {},
    parameters: monitorParameters,
    description:
      "personalize-ops monitor: Amazon Personalize campaign/recommender utilization, alarms, dashboards, min-TPS step-down",
    analyticsReporting: false
  })
  const stack = app.synth().getStackByName(templateStackName)
  const file = join(options.outDir, templateFileName)
  await copyFile(stack.templateFullPath, file)
  const manifest = JSON.parse(await readFile(join(assembly, `${templateStackName}.assets.json`), "utf8")) as {
    readonly files?: { readonly [hash: string]: unknown }
  }
  return { template: file, assembly, assets: Object.keys(manifest.files ?? {}).length }
}
