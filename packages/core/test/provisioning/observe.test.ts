import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeConfig } from "../../src/config/decodeConfig.ts"
import { defaultScope, formatArn } from "../../src/personalize/Arn.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { ResourceDescription } from "../../src/personalize/Resource.ts"
import type { ResourceKind } from "../../src/personalize/ResourceKind.ts"
import type { Status } from "../../src/personalize/Status.ts"
import { currentVersion, listAll, observe } from "../../src/provisioning/Observed.ts"
import { shopConfig } from "../workflow/shopConfig.ts"
import { makeFakePersonalize } from "./fakePersonalize.ts"

const decoded = decodeConfig(shopConfig)
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const shop = decoded.deployment
/** The shop with batch jobs declared on its solution (only declared kinds are listed). */
const withJobs = (jobs: { readonly inference?: boolean; readonly segment?: boolean }): Deployment => ({
  ...shop,
  solutions: shop.solutions.map((s) => ({
    ...s,
    batchInferenceJobs:
      jobs.inference === true
        ? [
            { name: "nightly", tags: [] },
            { name: "weekly", tags: [] }
          ]
        : [],
    batchSegmentJobs: jobs.segment === true ? [{ name: "seg", tags: [] }] : []
  }))
})

const arn = (kind: ResourceKind, id: string) => formatArn(defaultScope, kind, id)
const group = arn("DatasetGroup", "shop")
const solution = arn("Solution", "up")
const d = (
  kind: ResourceKind,
  id: string,
  parentArn: string | undefined,
  status: Status | undefined = "ACTIVE",
  creationDateTime = 0,
  attributes: Record<string, unknown> = {}
): ResourceDescription => ({
  kind,
  name: id.split("/").at(-1)!,
  arn: arn(kind, id),
  status,
  ...(parentArn === undefined ? {} : { parentArn: parentArn as never }),
  attributes,
  creationDateTime,
  lastUpdatedDateTime: creationDateTime
})
const v = (n: number, status: Status, at: number) => ({
  ...d("SolutionVersion", `up/v${n}`, solution, status, at),
  name: `up-v${n}`
})

describe("currentVersion", () => {
  it.each([
    [
      "the newest ACTIVE over a newer failed one",
      [v(1, "ACTIVE", 1), v(2, "ACTIVE", 2), v(3, "CREATE_FAILED", 3)],
      "up-v2"
    ],
    ["the newest ACTIVE over a newer one in flight", [v(1, "ACTIVE", 1), v(2, "CREATE_IN_PROGRESS", 2)], "up-v1"],
    [
      "no ACTIVE one: the newest in flight",
      [v(1, "CREATE_FAILED", 3), v(2, "CREATE_PENDING", 1), v(3, "CREATE_IN_PROGRESS", 2)],
      "up-v3"
    ],
    ["nothing ACTIVE or in flight: the newest", [v(1, "CREATE_STOPPED", 1), v(2, "CREATE_FAILED", 2)], "up-v2"],
    ["unordered input", [v(3, "ACTIVE", 30), v(1, "ACTIVE", 10), v(2, "ACTIVE", 20)], "up-v3"]
  ] as const)("%s", (_title, versions, name) => {
    expect(currentVersion(versions)?.name).toBe(name)
  })

  it("no versions: none", () => {
    expect(currentVersion([])).toBeUndefined()
  })
})

describe("observe", () => {
  it.effect("what exists of the deployment: its schemas, its group and everything under it, by key", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ pageSize: 2 })
      fake.put(d("Schema", "shop-interactions-schema", undefined, undefined))
      fake.put(d("Schema", "someone-elses", undefined, undefined))
      fake.put(d("DatasetGroup", "other", undefined))
      fake.put(d("DatasetGroup", "shop", undefined))
      fake.put(d("Dataset", "shop/INTERACTIONS", group))
      fake.put({
        ...d("DatasetImportJob", "imp-1", arn("Dataset", "shop/INTERACTIONS")),
        name: "shop-interactions-import"
      })
      fake.put(d("Filter", "f", group))
      fake.put(d("EventTracker", "t", group))
      fake.put(d("Recommender", "r", group))
      fake.put(d("Solution", "up", group))
      fake.put(v(1, "ACTIVE", 10))
      fake.put(v(2, "ACTIVE", 20))
      fake.put(v(3, "CREATE_IN_PROGRESS", 30))
      fake.put(d("Campaign", "up-campaign", solution))
      // Runs of two jobs on the ACTIVE versions: the newest run of each is kept, described in full.
      const job = (id: string, version: number, at: number) =>
        d("BatchInferenceJob", id, arn("SolutionVersion", `up/v${version}`), "ACTIVE", at)
      fake.put(job("nightly-20260101-000000", 1, 100))
      fake.put(job("nightly-20260102-000000", 2, 200))
      fake.put(job("nightly-20260103-000000", 1, 300))
      fake.put(job("weekly-20260101-000000", 2, 150))
      fake.put(d("BatchSegmentJob", "seg-20260101-000000", arn("SolutionVersion", "up/v3"), "ACTIVE", 400))
      const observed = yield* observe(withJobs({ inference: true, segment: true })).pipe(
        Effect.provideService(Personalize, fake.service)
      )
      expect([...observed.resources.entries()].map(([k, r]) => `${k} → ${r.name}`).sort()).toEqual(
        [
          "Campaign:up-campaign → up-campaign",
          "Dataset:INTERACTIONS → INTERACTIONS",
          "DatasetGroup:shop → shop",
          "DatasetImportJob:shop-interactions-import → shop-interactions-import",
          "EventTracker:t → t",
          "Filter:f → f",
          "Recommender:r → r",
          "Schema:shop-interactions-schema → shop-interactions-schema",
          "Solution:up → up",
          "SolutionVersion:up → up-v2",
          "BatchInferenceJob:nightly → nightly-20260103-000000",
          "BatchInferenceJob:weekly → weekly-20260101-000000"
        ].sort()
      )
      expect(observed.versionCounts).toEqual(new Map([["up", 3]]))
      expect(observed.ledger).toEqual(new Map())
      // Jobs are listed on the ACTIVE versions only, and each newest run is described.
      expect(fake.calls.filter((c) => c.startsWith("List Batch")).sort()).toEqual(
        [
          "List BatchInferenceJob@v1",
          "List BatchInferenceJob@v2",
          "List BatchSegmentJob@v1",
          "List BatchSegmentJob@v2"
        ].sort()
      )
      expect(fake.calls.filter((c) => c.startsWith("Describe")).sort()).toEqual([
        "Describe BatchInferenceJob:nightly-20260103-000000",
        "Describe BatchInferenceJob:weekly-20260101-000000"
      ])
    })
  )

  it.effect.each([
    ["no batch jobs declared: no runs listed", {}, []],
    ["inference jobs only: only their runs", { inference: true }, ["List BatchInferenceJob@v1"]],
    ["segment jobs only: only their runs", { segment: true }, ["List BatchSegmentJob@v1"]]
  ] as const)("%s", ([_title, jobs, listed]) =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      fake.put(d("DatasetGroup", "shop", undefined))
      fake.put(d("Solution", "up", group))
      fake.put(v(1, "ACTIVE", 10))
      fake.put(d("BatchInferenceJob", "nightly-20260101-000000", arn("SolutionVersion", "up/v1"), "ACTIVE", 100))
      fake.put(d("BatchSegmentJob", "seg-20260101-000000", arn("SolutionVersion", "up/v1"), "ACTIVE", 100))
      const observed = yield* observe(withJobs(jobs)).pipe(Effect.provideService(Personalize, fake.service))
      expect(fake.calls.filter((c) => c.startsWith("List Batch"))).toEqual(listed)
      expect([...observed.resources.keys()].filter((k) => k.startsWith("Batch"))).toEqual(
        listed.map((c) => (c.includes("Inference") ? "BatchInferenceJob:nightly" : "BatchSegmentJob:seg"))
      )
      expect(observed.resources.get("SolutionVersion:up")?.name).toBe("up-v1")
    })
  )

  it.effect("no group of that name: only the wanted schemas, nothing listed under any group", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      fake.put(d("Schema", "shop-interactions-schema", undefined, undefined))
      fake.put(d("DatasetGroup", "other", undefined))
      fake.put(d("Dataset", "other/INTERACTIONS", arn("DatasetGroup", "other")))
      const observed = yield* observe(shop).pipe(Effect.provideService(Personalize, fake.service))
      expect([...observed.resources.keys()]).toEqual(["Schema:shop-interactions-schema"])
      expect(observed.versionCounts.size).toBe(0)
      expect(fake.calls.sort()).toEqual(["List DatasetGroup", "List Schema"])
    })
  )

  it.effect("a solution without versions has a count of 0 and no current version", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      fake.put(d("DatasetGroup", "shop", undefined))
      fake.put(d("Solution", "up", group))
      const observed = yield* observe(shop).pipe(Effect.provideService(Personalize, fake.service))
      expect(observed.versionCounts).toEqual(new Map([["up", 0]]))
      expect(observed.resources.has("SolutionVersion:up")).toBe(false)
    })
  )

  it.effect("listAll reads every page, 100 at most each, under the parent given", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ pageSize: 3 })
      for (let i = 0; i < 7; i++) fake.put(d("Filter", `f${i}`, group))
      fake.put(d("Filter", "elsewhere", arn("DatasetGroup", "other")))
      const all = yield* listAll("Filter", group).pipe(Effect.provideService(Personalize, fake.service))
      expect(all.map((f) => f.name)).toEqual(["f0", "f1", "f2", "f3", "f4", "f5", "f6"])
      expect(fake.calls).toEqual(["List Filter@shop", "List Filter@shop", "List Filter@shop"])
    })
  )
})
