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

const createAt = (at: number) => ({ at, observed: emptyObserved })

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
      .map((r) => r.createInput(arnOf as never, createAt(0)) as { name: string; filterArn?: string })
    expect(inputs.map((i) => [i.name, i.filterArn])).toEqual([
      ["by-name-19700101-000000", "arn:of:Filter:f"],
      ["by-arn-19700101-000000", outside]
    ])
  })

  it("a solution declared with training mode UPDATE trains FULL first (UPDATE needs an ACTIVE FULL version)", () => {
    const update: Deployment = {
      ...deployment,
      solutions: deployment.solutions.map((s) => ({ ...s, trainingMode: "UPDATE" as const }))
    }
    const version = desiredResources(update).find((r) => r.kind === "SolutionVersion")
    if (version === undefined) throw new Error("no SolutionVersion")
    const input = version.createInput((() => undefined) as never, createAt(0)) as { trainingMode?: string }
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

describe("batch inference and segment jobs are runs", () => {
  const at = Date.UTC(2026, 10, 27, 21, 5, 9)
  const withJobs: Deployment = {
    ...deployment,
    filters: [{ name: "f", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', tags: [] }],
    solutions: deployment.solutions.map((s) => ({
      ...s,
      batchInferenceJobs: [{ name: "nightly", filterName: "f", outputPath: "s3://out/recs/", tags: [] }],
      batchSegmentJobs: [{ tags: [] }]
    }))
  }
  const version = described("SolutionVersion", "sol", "ACTIVE")
  const filter = described("Filter", "f", "ACTIVE", {
    filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")'
  })
  const run = (
    kind: "BatchInferenceJob" | "BatchSegmentJob",
    name: string,
    attributes: Record<string, unknown>,
    status: Status = "ACTIVE"
  ) => described(kind, name, status, attributes)
  // Observed keys runs by their base, as observe does (the newest run of each job).
  const observedRuns = (...resources: ReadonlyArray<ResourceDescription>): Observed => ({
    ...emptyObserved,
    resources: new Map(
      resources.map((r) => [
        resourceKey(r.kind, r.kind.startsWith("Batch") ? r.name.replace(/-\d{8}-\d{6}$/, "") : r.name),
        r
      ])
    )
  })

  it("a run's name carries its date (the maintenance runs' runName) and its output lands under a dated prefix", () => {
    const arnOf = (key: string) => `arn:of:${key}`
    const inputs = desiredResources(withJobs)
      .filter((r) => r.run === true)
      .map((r) => r.createInput(arnOf as never, createAt(at)) as { name: string; outputPath: string })
    expect(inputs.map((i) => [i.name, i.outputPath])).toEqual([
      ["nightly-20261127-210509", "s3://out/recs/2026-11-27/nightly-20261127-210509/"],
      [
        "sol-batch-segment-20261127-210509",
        "s3://personalize-ops-batch/g/sol/2026-11-27/sol-batch-segment-20261127-210509/"
      ]
    ])
  })

  it("a run on the current version with the config's filter is current: no change", () => {
    const plan = reconcile(
      desiredResources(withJobs),
      observedRuns(
        version,
        filter,
        run("BatchInferenceJob", "nightly-20261101-000000", { solutionVersionArn: version.arn, filterArn: filter.arn }),
        run("BatchSegmentJob", "sol-batch-segment-20261101-000000", { solutionVersionArn: version.arn })
      )
    )
    const runs = plan.steps.filter((s) => s.kind.startsWith("Batch"))
    expect(runs.map((s) => [s.key, s.action])).toEqual([
      ["BatchInferenceJob:nightly", "Adopt"],
      ["BatchSegmentJob:sol-batch-segment", "Adopt"]
    ])
  })

  it("a run found on an older version is current (a retrain alone starts none); another filter or numResults starts a new one", () => {
    const older = "arn:aws:personalize:us-east-1:000000000000:solution/sol/older"
    const withNumResults: Deployment = {
      ...withJobs,
      solutions: withJobs.solutions.map((s) => ({ ...s, batchSegmentJobs: [{ numResults: 100, tags: [] }] }))
    }
    const observed = observedRuns(
      version,
      filter,
      run("BatchInferenceJob", "nightly-20261101-000000", { solutionVersionArn: older, filterArn: "other" }),
      run("BatchSegmentJob", "sol-batch-segment-20261101-000000", { solutionVersionArn: older, numResults: 25 })
    )
    const byKey = new Map(reconcile(desiredResources(withJobs), observed).steps.map((s) => [s.key, s]))
    expect(byKey.get("BatchInferenceJob:nightly")).toMatchObject({
      action: "Create",
      reason: "a new run: the last one (nightly-20261101-000000) ran with another filterArn",
      changes: [{ field: "filterArn", from: "other", to: filter.arn }]
    })
    // On an older version, with the config's (unset) numResults: current.
    expect(byKey.get("BatchSegmentJob:sol-batch-segment")?.action).toBe("Adopt")
    const changed = reconcile(desiredResources(withNumResults), observed)
    expect(changed.steps.find((s) => s.key === "BatchSegmentJob:sol-batch-segment")).toMatchObject({
      action: "Create",
      changes: [{ field: "numResults", from: 25, to: 100 }]
    })
  })

  it("a run in flight is waited on, a failed one reported (a new one starts with the next retrain or filter change)", () => {
    const plan = reconcile(
      desiredResources(withJobs),
      observedRuns(
        version,
        filter,
        run(
          "BatchInferenceJob",
          "nightly-20261101-000000",
          { solutionVersionArn: version.arn, filterArn: filter.arn },
          "CREATE_IN_PROGRESS"
        ),
        {
          ...run("BatchSegmentJob", "sol-batch-segment-20261101-000000", { solutionVersionArn: version.arn }),
          status: "CREATE_FAILED",
          failureReason: "bad input"
        }
      )
    )
    const byKey = new Map(plan.steps.map((s) => [s.key, s]))
    expect(byKey.get("BatchInferenceJob:nightly")?.action).toBe("Wait")
    expect(byKey.get("BatchSegmentJob:sol-batch-segment")).toMatchObject({ action: "Failed", reason: "bad input" })
  })

  it("a filter re-created in the same apply makes the run wait for it and start with it", () => {
    const plan = reconcile(
      desiredResources(withJobs),
      observedRuns(
        version,
        run("BatchInferenceJob", "nightly-20261101-000000", { solutionVersionArn: version.arn, filterArn: filter.arn })
      )
    )
    const step = plan.steps.find((s) => s.key === "BatchInferenceJob:nightly")
    expect(step?.action).toBe("Create")
    expect(step?.dependsOn).toContain("Filter:f")
  })
})

describe("importMode INCREMENTAL on a dataset with nothing imported yet: FULL first", () => {
  const incremental: Deployment = {
    ...deployment,
    datasets: deployment.datasets.map((d) => ({
      ...d,
      imports: [
        { name: "first", dataLocation: "s3://b/i.csv", importMode: "INCREMENTAL" as const, tags: [] },
        { name: "second", dataLocation: "s3://b/more.csv", importMode: "INCREMENTAL" as const, tags: [] }
      ]
    }))
  }
  const imports = () => desiredResources(incremental).filter((r) => r.kind === "DatasetImportJob")
  const modeOf = (r: ReturnType<typeof imports>[number], observed: Observed, datasetArn?: string) =>
    (
      r.createInput(((key: string) => (key === "Dataset:i" ? datasetArn : `arn:of:${key}`)) as never, {
        at: 0,
        observed
      }) as { importMode?: string }
    ).importMode

  it("on a new dataset the first import runs FULL and the plan says why; the imports after it stay INCREMENTAL", () => {
    const [first, second] = imports()
    expect(modeOf(first!, emptyObserved)).toBe("FULL")
    expect(modeOf(second!, emptyObserved)).toBe("INCREMENTAL")
    const plan = reconcile(desiredResources(incremental), emptyObserved)
    expect(plan.steps.find((s) => s.key === "DatasetImportJob:first")?.reason).toBe(
      "INCREMENTAL needs an earlier bulk import: the dataset's first import runs FULL"
    )
    expect(plan.steps.find((s) => s.key === "DatasetImportJob:second")?.reason).toBeUndefined()
  })

  it("on a dataset that already has a finished import it stays INCREMENTAL (a FULL import would replace the data)", () => {
    const dataset = described("Dataset", "i", "ACTIVE")
    const earlier = { ...described("DatasetImportJob", "by-hand", "ACTIVE"), parentArn: dataset.arn }
    const observed = observedWith(dataset, earlier)
    expect(modeOf(imports()[0]!, observed, dataset.arn)).toBe("INCREMENTAL")
    const failedOnly = observedWith(dataset, { ...earlier, status: "CREATE_FAILED" })
    expect(modeOf(imports()[0]!, failedOnly, dataset.arn)).toBe("FULL")
    const plan = reconcile(desiredResources(incremental), observed)
    expect(plan.steps.find((s) => s.key === "DatasetImportJob:first")?.reason).toBeUndefined()
  })

  it("the first import, created FULL, is not drift from the config's INCREMENTAL afterwards", () => {
    const plan = reconcile(
      desiredResources(incremental),
      observedWith(
        described("DatasetImportJob", "first", "ACTIVE", { dataLocation: "s3://b/i.csv", importMode: "FULL" })
      )
    )
    expect(plan.steps.find((s) => s.key === "DatasetImportJob:first")?.action).toBe("Adopt")
  })
})
