// Building the dashboards through the Dashboards port (what is put, which leftovers go, warnings named by
// dashboard) and the CLI's campaigns.json / solutions.json inputs, each refusal at its path.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring, Personalize } from "@personalize-ops/core"
import { Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import { campaignArn, datasetGroupArn, description, solutionArn } from "./fakeMonitor.ts"

const c1 = campaignArn("c1")
const sol = solutionArn("sol")

const personalize = Personalize.Personalize.of({
  create: () => Effect.die("unused"),
  update: () => Effect.die("unused"),
  delete: () => Effect.die("unused"),
  stop: () => Effect.die("unused"),
  start: () => Effect.die("unused"),
  describe: (kind, arn) =>
    Effect.succeed(
      kind === "Campaign"
        ? description("Campaign", arn, {
            attributes: { solutionVersionArn: `${sol}/v1`, minProvisionedTPS: 4 },
            creationDateTime: 0
          })
        : description("Solution", arn, {
            attributes: {
              datasetGroupArn: datasetGroupArn("movies"),
              recipeArn: "arn:aws:personalize:::recipe/aws-sims"
            }
          })
    ),
  list: (input) =>
    Effect.succeed(
      input.kind === "Solution"
        ? { items: [description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } })] }
        : input.kind === "SolutionVersion"
          ? {
              items: [
                description("SolutionVersion", `${sol}/v1`, { creationDateTime: 10, status: "ACTIVE" }),
                description("SolutionVersion", `${sol}/v2`, { creationDateTime: 20, status: "CREATE_IN_PROGRESS" })
              ]
            }
          : { items: [] }
    )
})

const fakeDashboards = (existing: ReadonlyArray<string>, messages: ReadonlyArray<string> = []) => {
  const puts: Array<{ readonly name: string; readonly body: string }> = []
  const deleted: Array<ReadonlyArray<string>> = []
  const listed: Array<string> = []
  const port = Monitoring.Dashboards.of({
    put: (name, body) =>
      Effect.sync(() => {
        puts.push({ name, body })
        return messages
      }),
    delete: (names) => Effect.sync(() => void deleted.push(names)),
    list: (prefix) =>
      Effect.sync(() => {
        listed.push(prefix)
        return existing.filter((n) => n.startsWith(prefix))
      })
  })
  return { port, puts, deleted, listed }
}

describe("buildDashboards", () => {
  it.effect("puts the rendered dashboards, deletes only its own leftovers, names each warning by dashboard", () => {
    const dashboards = fakeDashboards(
      ["Ops-Monitor", "Ops-Monitor-2", "Ops-Monitor-3", "Ops-Monitor-x", "Ops-Monitor-1", "Ops-Monitor-Other"],
      ["widget 3: too wide"]
    )
    const settings = { ...Monitoring.defaultSettings, campaigns: [c1], recommenders: [], dashboardName: "Ops-Monitor" }
    return Effect.gen(function* () {
      yield* TestClock.setTime(1_000)
      const build = yield* Monitoring.buildDashboards(settings, { homeRegion: "us-east-1" })
      const expected = Monitoring.renderDashboards({
        name: "Ops-Monitor",
        homeRegion: "us-east-1",
        resources: [
          {
            arn: c1,
            name: "c1",
            kind: "campaign",
            region: "us-east-1",
            datasetGroupArn: datasetGroupArn("movies"),
            datasetGroupName: "movies",
            minTPS: 4,
            recipeArn: "arn:aws:personalize:::recipe/aws-sims"
          }
        ],
        solutions: [
          {
            solutionArn: sol,
            solutionName: "sol",
            datasetGroupArn: datasetGroupArn("movies"),
            region: "us-east-1",
            lastSolutionVersionAt: 20,
            lastSolutionVersionStatus: "CREATE_IN_PROGRESS"
          }
        ],
        generatedAt: 1_000
      })
      assert.deepStrictEqual(build.dashboards, expected)
      assert.deepStrictEqual(
        dashboards.puts,
        expected.map((d) => ({ name: d.name, body: JSON.stringify(d.body) }))
      )
      assert.deepStrictEqual(build.resources, 1)
      assert.deepStrictEqual(build.warnings, ["Ops-Monitor: widget 3: too wide"])
      assert.deepStrictEqual(dashboards.listed, ["Ops-Monitor"])
      assert.deepStrictEqual(build.deleted, ["Ops-Monitor-2", "Ops-Monitor-3"])
      assert.deepStrictEqual(dashboards.deleted, [["Ops-Monitor-2", "Ops-Monitor-3"]])
    }).pipe(
      Effect.provide(
        Layer.mergeAll(
          Layer.succeed(Personalize.Personalize, personalize),
          Layer.succeed(Monitoring.Dashboards, dashboards.port)
        )
      )
    )
  })

  it.effect("nothing left over: no delete call; deleteDashboards removes only this stem's", () => {
    const dashboards = fakeDashboards(["Ops-Monitor", "Ops-Monitor-2", "Ops-Monitor-Other"])
    const settings = { ...Monitoring.defaultSettings, campaigns: [c1], recommenders: [], dashboardName: "Ops-Monitor" }
    return Effect.gen(function* () {
      const removed = yield* Monitoring.deleteDashboards(settings)
      assert.deepStrictEqual(removed, ["Ops-Monitor", "Ops-Monitor-2"])
      assert.deepStrictEqual(dashboards.deleted, [["Ops-Monitor", "Ops-Monitor-2"]])
      const none = fakeDashboards(["Other"])
      const nothing = yield* Monitoring.deleteDashboards(settings).pipe(
        Effect.provideService(Monitoring.Dashboards, none.port)
      )
      assert.deepStrictEqual([nothing, none.deleted], [[], []])
      const build = yield* Monitoring.buildDashboards(settings, { homeRegion: "us-east-1" }).pipe(
        Effect.provideService(Monitoring.Dashboards, none.port)
      )
      assert.deepStrictEqual([build.deleted, none.deleted, build.warnings], [[], [], []])
    }).pipe(
      Effect.provide(
        Layer.mergeAll(
          Layer.succeed(Personalize.Personalize, personalize),
          Layer.succeed(Monitoring.Dashboards, dashboards.port)
        )
      )
    )
  })
})

describe("the dashboard's resources and prices", () => {
  const resource: Personalize.MonitoredResource = {
    arn: c1,
    name: "c1",
    kind: "campaign",
    region: "us-east-1",
    datasetGroupArn: datasetGroupArn("movies"),
    datasetGroupName: "movies",
    minTPS: 3,
    status: "ACTIVE",
    createdAt: 0
  }
  it("a monitored resource's recipe is kept only when it has one", () => {
    const shown: Monitoring.DashboardResource = {
      arn: c1,
      name: "c1",
      kind: "campaign",
      region: "us-east-1",
      datasetGroupArn: datasetGroupArn("movies"),
      datasetGroupName: "movies",
      minTPS: 3
    }
    assert.deepStrictEqual(Monitoring.toDashboardResource(resource), shown)
    assert.deepStrictEqual(
      Monitoring.toDashboardResource({ ...resource, recipeArn: "arn:aws:personalize:::recipe/x" }),
      {
        ...shown,
        recipeArn: "arn:aws:personalize:::recipe/x"
      }
    )
  })

  it.effect("with a price table in the settings, the built dashboards chart cost", () => {
    const dashboards = fakeDashboards([])
    const prices: Monitoring.PriceTable = {
      currency: "USD",
      source: "test",
      asOf: "2026-11-01",
      regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }] } }
    }
    const settings = { ...Monitoring.defaultSettings, campaigns: [c1], recommenders: [], prices }
    return Effect.gen(function* () {
      const build = yield* Monitoring.buildDashboards(settings, { homeRegion: "us-east-1" })
      const body = JSON.stringify(build.dashboards.map((d) => d.body))
      assert.include(body, "0.2 USD/TPS-hour")
    }).pipe(
      Effect.provide(
        Layer.mergeAll(
          Layer.succeed(Personalize.Personalize, personalize),
          Layer.succeed(Monitoring.Dashboards, dashboards.port)
        )
      )
    )
  })
})

describe("dashboard inputs (campaigns.json, solutions.json)", () => {
  const entry = {
    arn: c1,
    name: "c1",
    datasetGroupArn: datasetGroupArn("movies"),
    datasetGroupName: "movies",
    region: "us-east-1"
  }
  const pathOf = <A>(r: Result.Result<A, Monitoring.MonitorInputInvalid>) =>
    Result.isFailure(r) ? [r.failure.path, r.failure.detail] : ["ok"]

  it("decodes resources with their kind; optional recipe and minimum only when given", () => {
    const r = Result.getOrThrow(
      Monitoring.decodeDashboardResources([
        entry,
        {
          ...entry,
          arn: "arn:aws:personalize:us-east-1:123456789012:recommender/r",
          name: "r",
          recipeArn: "x",
          minProvisionedTPS: 2
        }
      ])
    )
    assert.deepStrictEqual(r, [
      { ...entry, kind: "campaign" },
      {
        ...entry,
        arn: "arn:aws:personalize:us-east-1:123456789012:recommender/r",
        name: "r",
        kind: "recommender",
        recipeArn: "x",
        minTPS: 2
      }
    ])
  })

  it("refuses, at the entry's path, a region that is not the ARN's or the dataset group's, and bad fields", () => {
    assert.deepStrictEqual(pathOf(Monitoring.decodeDashboardResources([entry, { ...entry, region: "eu-west-1" }])), [
      "[1].region",
      "eu-west-1 is not the ARN's region us-east-1"
    ])
    assert.deepStrictEqual(
      pathOf(Monitoring.decodeDashboardResources([{ ...entry, datasetGroupArn: datasetGroupArn("m", "eu-west-1") }])),
      ["[0].datasetGroupArn", "the dataset group is not in us-east-1"]
    )
    assert.strictEqual(pathOf(Monitoring.decodeDashboardResources([{ ...entry, name: "n".repeat(64) }]))[0], "[0].name")
    assert.deepStrictEqual(pathOf(Monitoring.decodeDashboardResources([{ ...entry, name: "n".repeat(63) }])), ["ok"])
    assert.strictEqual(pathOf(Monitoring.decodeDashboardResources([{ ...entry, name: "" }]))[0], "[0].name")
    assert.strictEqual(pathOf(Monitoring.decodeDashboardResources([{ ...entry, region: "Mars" }]))[0], "[0].region")
    assert.strictEqual(
      pathOf(Monitoring.decodeDashboardResources([{ ...entry, minProvisionedTPS: 0 }]))[0],
      "[0].minProvisionedTPS"
    )
    assert.strictEqual(pathOf(Monitoring.decodeDashboardResources([{ ...entry, arn: sol }]))[0], "[0].arn")
  })

  it("solutions: the newest version's time as epoch ms and its status; the region must hold both ARNs", () => {
    const s = { solutionArn: sol, solutionName: "sol", datasetGroupArn: datasetGroupArn("movies"), region: "us-east-1" }
    assert.deepStrictEqual(
      Result.getOrThrow(
        Monitoring.decodeSolutionFreshness([
          s,
          { ...s, lastSolutionVersionAt: "2026-11-27T08:00:00Z", lastSolutionVersionStatus: "ACTIVE" }
        ])
      ),
      [s, { ...s, lastSolutionVersionAt: Date.UTC(2026, 10, 27, 8), lastSolutionVersionStatus: "ACTIVE" }]
    )
    assert.deepStrictEqual(pathOf(Monitoring.decodeSolutionFreshness([{ ...s, region: "eu-west-1" }])), [
      "[0].region",
      "the solution and its dataset group are not in eu-west-1"
    ])
    assert.deepStrictEqual(
      pathOf(Monitoring.decodeSolutionFreshness([{ ...s, datasetGroupArn: datasetGroupArn("m", "eu-west-1") }])),
      ["[0].region", "the solution and its dataset group are not in us-east-1"]
    )
    assert.deepStrictEqual(
      pathOf(Monitoring.decodeSolutionFreshness([{ ...s, solutionArn: solutionArn("sol", "eu-west-1") }])),
      ["[0].region", "the solution and its dataset group are not in us-east-1"]
    )
    // ISO 8601 with a four-digit year from the start: an expanded year is refused
    assert.strictEqual(
      pathOf(Monitoring.decodeSolutionFreshness([{ ...s, lastSolutionVersionAt: "+002026-11-27T08:00:00Z" }]))[0],
      "[0].lastSolutionVersionAt"
    )
    assert.strictEqual(
      pathOf(Monitoring.decodeSolutionFreshness([{ ...s, lastSolutionVersionAt: "2026-11-27" }]))[0],
      "[0].lastSolutionVersionAt"
    )
    assert.strictEqual(
      pathOf(Monitoring.decodeSolutionFreshness([{ ...s, lastSolutionVersionAt: "2026-13-40T00:00:00Z" }]))[0],
      "[0].lastSolutionVersionAt"
    )
  })
})
