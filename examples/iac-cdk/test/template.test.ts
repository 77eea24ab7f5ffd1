import { mkdtemp, readFile, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { lambdaEntries } from "@personalize-ops/handlers/entries"
import { monitorParameters } from "@personalize-ops/handlers/monitoring/parameters"
import { bundlesDir, sharedBundles } from "@personalize-ops/handlers/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { synthTemplate, templateFileName } from "../src/template.ts"

interface Template {
  readonly Parameters: Record<string, Record<string, unknown>>
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
}

// The anchor's deployment parameters (aws-samples/amazon-personalize-monitor), by exact name.
const anchorNames = [
  "CampaignARNs",
  "RecommenderARNs",
  "Regions",
  "AutoCreateUtilizationAlarms",
  "UtilizationThresholdAlarmLowerBound",
  "AutoCreateIdleAlarms",
  "IdleThresholdHours",
  "AutoDeleteOrStopIdleResources",
  "AutoAdjustMinTPS",
  "NotificationEndpoint"
]

let dir: string
let template: Template
let written: { readonly template: string; readonly assembly: string; readonly assets: number }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "personalize-ops-template-"))
  await sharedBundles(lambdaEntries)
  written = await synthTemplate({ bundlesDir, outDir: dir })
  template = JSON.parse(await readFile(join(dir, templateFileName), "utf8")) as Template
}, 600_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

const functions = () => Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::Lambda::Function")

describe("the one-click monitor template", () => {
  it("asks for the anchor's parameters by their exact names, each constrained", () => {
    const names = Object.keys(template.Parameters)
    for (const name of anchorNames) expect(names, name).toContain(name)
    for (const p of monitorParameters) {
      const declared = template.Parameters[p.name]
      expect(declared, p.name).toBeDefined()
      expect(declared?.Type).toBe(p.type)
      expect(declared?.Default).toBe(p.default)
      // Exactly the table's constraints (whose accept/reject behaviour handlers' parameters.test.ts checks).
      expect(declared?.AllowedValues, p.name).toEqual(p.allowedValues)
      expect(declared?.AllowedPattern, p.name).toEqual(p.allowedPattern)
      expect(declared?.MinValue, p.name).toEqual(p.minValue)
      expect(declared?.MaxValue, p.name).toEqual(p.maxValue)
      const constrained = ["AllowedValues", "AllowedPattern", "MinValue"].some((k) => declared?.[k] !== undefined)
      expect(constrained, `${p.name} has no constraint`).toBe(true)
    }
  })

  it("every monitoring function reads every parameter (by Ref, in its environment)", () => {
    const monitoring = lambdaEntries.filter((e) => e.capability === "monitoring")
    expect(functions().length).toBe(monitoring.length)
    for (const [id, fn] of functions()) {
      const vars = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}
      for (const p of monitorParameters) expect(vars[p.name], `${id} ${p.name}`).toEqual({ Ref: p.name })
    }
    // No parameter is declared that nothing reads.
    const own = Object.keys(template.Parameters).filter((n) => n !== "BootstrapVersion")
    expect(own.sort()).toEqual(monitorParameters.map((p) => p.name).sort())
  })

  it("the e-mail subscription exists only when NotificationEndpoint is given", () => {
    const subscriptions = Object.values(template.Resources).filter((r) => r.Type === "AWS::SNS::Subscription")
    expect(subscriptions).toHaveLength(1)
    expect(subscriptions[0]?.Properties?.Endpoint).toEqual({ Ref: "NotificationEndpoint" })
    expect(JSON.stringify(template)).toContain('"Condition":"HasNotificationEndpoint"')
  })

  it("the bundles are file assets of the assembly; changing a parameter updates the dashboard resource", async () => {
    expect(written.assets).toBeGreaterThanOrEqual(1)
    for (const [, fn] of functions()) {
      const key = String((fn.Properties?.Code as { S3Key?: string } | undefined)?.S3Key)
      const asset = join(written.assembly, `asset.${key.replace(/\.zip$/, "")}`)
      expect((await stat(join(asset, "index.mjs"))).isFile()).toBe(true)
    }
    const dashboard = Object.values(template.Resources).find((r) => r.Type.startsWith("Custom::"))
    expect(dashboard?.Properties?.SettingCampaignARNs).toEqual({ Ref: "CampaignARNs" })
  })
})
