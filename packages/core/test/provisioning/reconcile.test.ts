import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { defaultScope, formatArn } from "../../src/personalize/Arn.ts"
import type { ResourceDescription } from "../../src/personalize/Resource.ts"
import type { ResourceKind } from "../../src/personalize/ResourceKind.ts"
import type { Status } from "../../src/personalize/Status.ts"
import {
  actions,
  desiredResources,
  emptyObserved,
  type Observed,
  reconcile,
  resourceKey
} from "../../src/provisioning/index.ts"

const deployment: Deployment = {
  format: "personalize-ops",
  datasetGroup: { name: "g", tags: [] },
  datasets: [
    {
      type: "Interactions",
      name: "i",
      schema: {
        name: "s",
        avro: { type: "record", name: "Interactions", fields: [{ name: "USER_ID", type: "string" }] }
      },
      imports: [{ dataLocation: "s3://b/i.csv", importMode: "FULL", tags: [] }],
      tags: []
    }
  ],
  filters: [],
  solutions: [
    {
      name: "sol",
      recipeArn: "arn:aws:personalize:::recipe/aws-sims",
      trainingMode: "FULL",
      schedules: {},
      campaigns: [{ name: "c", minProvisionedTPS: 1, tags: [] }],
      batchInferenceJobs: [],
      batchSegmentJobs: [],
      tags: [],
      versionTags: []
    }
  ],
  recommenders: []
}

const described = (
  kind: ResourceKind,
  name: string,
  status: Status | undefined,
  attributes: Record<string, unknown> = {},
  failureReason?: string
): ResourceDescription => ({
  kind,
  name,
  arn: formatArn(defaultScope, kind, name),
  status,
  attributes,
  creationDateTime: 0,
  lastUpdatedDateTime: 0,
  ...(failureReason === undefined ? {} : { failureReason })
})

const observedWith = (...resources: ReadonlyArray<ResourceDescription>): Observed => ({
  ...emptyObserved,
  resources: new Map(resources.map((r) => [resourceKey(r.kind, r.name), r]))
})

describe("reconcile", () => {
  it("creates everything, parents first, with dependencies, when nothing exists", () => {
    const plan = reconcile(desiredResources(deployment), emptyObserved)
    expect(plan.steps.map((s) => `${s.action} ${s.key}`)).toEqual([
      "Create DatasetGroup:g",
      "Create Schema:s",
      "Create Dataset:i",
      "Create DatasetImportJob:i-import",
      "Create Solution:sol",
      "Create SolutionVersion:sol",
      "Create Campaign:c"
    ])
    expect(plan.steps.find((s) => s.key === "SolutionVersion:sol")?.dependsOn).toEqual([
      "Solution:sol",
      "DatasetImportJob:i-import"
    ])
    expect(plan.steps.find((s) => s.key === "Campaign:c")?.dependsOn).toEqual(["SolutionVersion:sol"])
  })

  it("a batch job's filter reaches its request: one of the deployment's by name, or another by ARN", () => {
    const outside = "arn:aws:personalize:us-east-1:000000000000:filter/elsewhere"
    const withJobs: Deployment = {
      ...deployment,
      filters: [{ name: "f", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', tags: [] }],
      solutions: deployment.solutions.map((s) => ({
        ...s,
        batchInferenceJobs: [
          { name: "by-name", filterName: "f", tags: [] },
          { name: "by-arn", filterArn: outside, tags: [] }
        ]
      }))
    }
    const arnOf = (key: string) => `arn:of:${key}`
    const inputs = desiredResources(withJobs)
      .filter((r) => r.kind === "BatchInferenceJob")
      .map((r) => r.createInput(arnOf as never) as { name: string; filterArn?: string })
    expect(inputs.map((i) => [i.name, i.filterArn])).toEqual([
      ["by-name", "arn:of:Filter:f"],
      ["by-arn", outside]
    ])
  })

  it("a solution declared with training mode UPDATE trains FULL first (UPDATE needs an ACTIVE FULL version)", () => {
    const update: Deployment = {
      ...deployment,
      solutions: deployment.solutions.map((s) => ({ ...s, trainingMode: "UPDATE" as const }))
    }
    const version = desiredResources(update).find((r) => r.kind === "SolutionVersion")
    if (version === undefined) throw new Error("no SolutionVersion")
    const input = version.createInput((() => undefined) as never) as { trainingMode?: string }
    expect(input.trainingMode).toBe("FULL")
  })

  it("waits for what is in flight, reports what failed, and retrains a failed version", () => {
    const plan = reconcile(
      desiredResources(deployment),
      observedWith(
        described("DatasetGroup", "g", "CREATE_IN_PROGRESS"),
        described("Schema", "s", undefined, {
          schema: JSON.stringify({
            fields: [{ type: "string", name: "USER_ID" }],
            name: "Interactions",
            type: "record"
          })
        }),
        described("DatasetImportJob", "i-import", "CREATE_FAILED", {}, "Input data location does not exist."),
        described("SolutionVersion", "sol", "CREATE_FAILED", {}, "Training failed")
      )
    )
    const byKey = new Map(plan.steps.map((s) => [s.key, s]))
    expect(byKey.get("DatasetGroup:g")?.action).toBe("Wait")
    expect(byKey.get("Schema:s")?.action).toBe("Adopt")
    expect(byKey.get("DatasetImportJob:i-import")).toMatchObject({
      action: "Failed",
      reason: "Input data location does not exist."
    })
    expect(byKey.get("SolutionVersion:sol")?.action).toBe("Create")
  })

  it("a resource that differs on a field no API can change is drift, never an update", () => {
    const plan = reconcile(
      desiredResources(deployment),
      observedWith(
        described("Solution", "sol", "ACTIVE", {
          recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
          performHPO: false,
          performAutoML: false,
          performAutoTraining: true
        })
      )
    )
    const step = plan.steps.find((s) => s.key === "Solution:sol")
    expect(step?.action).toBe("Drift")
    expect(step?.reason).toContain("recipeArn cannot be updated in place")
    expect(actions(plan).some((s) => s.key === "Solution:sol")).toBe(false)
  })
})
