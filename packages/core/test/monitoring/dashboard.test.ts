import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { Monitoring, type Personalize } from "../../src/index.ts"
import { resourceArb } from "./arbitraries.ts"

const model = (resources: ReadonlyArray<Personalize.MonitoredResource>): Monitoring.DashboardModel => ({
  name: "Amazon-Personalize-Monitor",
  homeRegion: "us-east-1",
  resources: resources.map(Monitoring.toDashboardResource)
})

/** How often each ARN appears in each widget family (expression entries name no ARN). */
const appearances = (dashboards: ReadonlyArray<Monitoring.RenderedDashboard>) => {
  const count = new Map<string, { tps: number; util: number; latency: number; cost: number }>()
  for (const d of dashboards)
    for (const w of d.body.widgets) {
      if (w.type !== "metric" || w.properties.view === "singleValue") continue
      const family = w.properties.title.startsWith("Actual vs")
        ? "tps"
        : w.properties.title.includes("Utilization")
          ? "util"
          : w.properties.title.startsWith("Estimated")
            ? "cost"
            : "latency"
      const arns = new Set(w.properties.metrics.flatMap((m) => (typeof m[3] === "string" ? [m[3]] : [])))
      for (const arn of arns) {
        const c = count.get(arn) ?? { tps: 0, util: 0, latency: 0, cost: 0 }
        c[family]++
        count.set(arn, c)
      }
    }
  return count
}

describe("renderDashboards", () => {
  it("lays out the header and one section per dataset group and region", () => {
    const [d, ...rest] = Monitoring.renderDashboards({
      ...model([]),
      resources: [
        {
          arn: "arn:aws:personalize:eu-west-1:123456789012:campaign/rank",
          name: "rank",
          kind: "campaign",
          region: "eu-west-1",
          datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/retail",
          datasetGroupName: "retail",
          recipeArn: "arn:aws:personalize:::recipe/aws-personalized-ranking"
        }
      ],
      solutions: [
        {
          solutionArn: "arn:aws:personalize:eu-west-1:123456789012:solution/rank",
          solutionName: "rank",
          datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/retail",
          region: "eu-west-1",
          lastSolutionVersionAt: Date.UTC(2026, 10, 20),
          lastSolutionVersionStatus: "ACTIVE"
        }
      ],
      generatedAt: Date.UTC(2026, 10, 23)
    })
    assert.strictEqual(rest.length, 0)
    assert.strictEqual(d!.name, "Amazon-Personalize-Monitor")
    const types = d!.body.widgets.map((w) => `${w.type}:${w.x},${w.y},${w.width}x${w.height}`)
    assert.deepStrictEqual(types, [
      "metric:0,0,8x3",
      "text:8,0,16x3",
      "text:0,3,24x1",
      "metric:0,4,8x8",
      "metric:8,4,8x8",
      "metric:16,4,8x8",
      "text:0,12,24x3"
    ])
    const latency = d!.body.widgets[5]
    assert.strictEqual(latency?.type, "metric")
    if (latency?.type === "metric") {
      assert.deepStrictEqual(latency.properties.metrics[0]?.slice(0, 4), [
        "AWS/Personalize",
        "GetPersonalizedRankingLatency",
        "CampaignArn",
        "arn:aws:personalize:eu-west-1:123456789012:campaign/rank"
      ])
      assert.strictEqual(latency.properties.region, "eu-west-1")
    }
    const freshness = d!.body.widgets[6]
    assert.match(
      freshness?.type === "text" ? freshness.properties.markdown : "",
      /\| rank \| 2026-11-20T00:00:00Z \| ACTIVE \| 72 \|/
    )
  })

  it("splits past 2,500 metrics into dashboards with stable names", () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({
      arn: `arn:aws:personalize:us-east-1:123456789012:campaign/c${String(i).padStart(4, "0")}`,
      name: `c${String(i).padStart(4, "0")}`,
      kind: "campaign" as const,
      region: "us-east-1",
      datasetGroupArn: `arn:aws:personalize:us-east-1:123456789012:dataset-group/g${i % 7}`,
      datasetGroupName: `g${i % 7}`
    }))
    const out = Monitoring.renderDashboards({ ...model([]), resources: many })
    assert.isAbove(out.length, 1)
    assert.deepStrictEqual(
      out.map((d) => d.name),
      out.map((_, i) => (i === 0 ? "Amazon-Personalize-Monitor" : `Amazon-Personalize-Monitor-${i + 1}`))
    )
    for (const d of out) assert.deepStrictEqual(Monitoring.dashboardViolations(d), [])
    assert.isTrue(out.every((d) => Monitoring.isDashboardOf("Amazon-Personalize-Monitor", d.name)))
    assert.isFalse(Monitoring.isDashboardOf("Amazon-Personalize-Monitor", "Amazon-Personalize-Monitor-Prod"))
  })

  it("property: each resource appears exactly once, no limit is broken, input order does not matter", () => {
    fc.assert(
      fc.property(fc.array(resourceArb, { maxLength: 120 }), fc.integer({ min: 0, max: 1000 }), (resources, seed) => {
        const out = Monitoring.renderDashboards(model(resources))
        const shuffled = [...resources]
          .sort((a, b) => ((a.arn.length * 31 + seed) % 7) - ((b.arn.length * 31 + seed) % 7))
          .reverse()
        const again = Monitoring.renderDashboards(model(shuffled))
        if (JSON.stringify(out) !== JSON.stringify(again)) return false
        if (out.some((d) => Monitoring.dashboardViolations(d).length > 0)) return false
        const seen = appearances(out)
        const unique = new Set(resources.map((r) => r.arn))
        if (seen.size !== unique.size) return false
        for (const c of seen.values()) if (c.tps !== 1 || c.util !== 1 || c.latency !== 1) return false
        return true
      }),
      { numRuns: 150 }
    )
  })

  it("property: large inputs split within the limits and still show each resource once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 3000 }), fc.integer({ min: 1, max: 40 }), (n, groups) => {
        const resources = Array.from({ length: n }, (_, i) => ({
          arn: `arn:aws:personalize:us-east-1:123456789012:${i % 3 === 0 ? "recommender" : "campaign"}/r${i}`,
          name: `r${i}`,
          kind: i % 3 === 0 ? ("recommender" as const) : ("campaign" as const),
          region: i % 2 === 0 ? "us-east-1" : "eu-west-1",
          datasetGroupArn: `arn:aws:personalize:us-east-1:123456789012:dataset-group/g${i % groups}`,
          datasetGroupName: `g${i % groups}`
        }))
        const out = Monitoring.renderDashboards({ name: "M", homeRegion: "us-east-1", resources })
        const seen = appearances(out)
        return (
          out.every((d) => Monitoring.dashboardViolations(d).length === 0) &&
          seen.size === n &&
          [...seen.values()].every((c) => c.tps === 1 && c.util === 1 && c.latency === 1)
        )
      }),
      { numRuns: 15 }
    )
  })
})

describe("dashboard details the seed got wrong", () => {
  it("links Manage the way the console does, and lets long ranges use longer periods", () => {
    assert.strictEqual(
      Monitoring.consoleLink("eu-west-1", "arn:aws:personalize:eu-west-1:123456789012:dataset-group/shop"),
      "https://eu-west-1.console.aws.amazon.com/personalize/home?region=eu-west-1#arn:aws:personalize:eu-west-1:123456789012:dataset-group$shop/setup"
    )
    const [d] = Monitoring.renderDashboards(model([]))
    assert.strictEqual(d?.body.periodOverride, "auto")
  })
})

describe("charts that work without the monitor (metric math over AWS/Personalize)", () => {
  const shop = {
    arn: "arn:aws:personalize:us-east-1:123456789012:campaign/shop",
    name: "shop",
    kind: "campaign" as const,
    region: "us-east-1",
    datasetGroupArn: "arn:aws:personalize:us-east-1:123456789012:dataset-group/retail",
    datasetGroupName: "retail",
    minTPS: 5
  }
  const picks = {
    ...shop,
    arn: "arn:aws:personalize:eu-west-1:123456789012:recommender/picks",
    name: "picks",
    kind: "recommender" as const,
    region: "eu-west-1",
    datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/shop",
    datasetGroupName: "shop"
  }
  const prices: Monitoring.PriceTable = {
    currency: "USD",
    source: "test",
    asOf: "2026-11-27",
    regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2, upToUnitHours: 20_000 }, { price: 0.1 }] } }
  }
  const metricWidgets = (d: Monitoring.RenderedDashboard | undefined) =>
    (d?.body.widgets ?? []).flatMap((w) => (w.type === "metric" && w.properties.view !== "singleValue" ? [w] : []))

  it("reads actual TPS and utilization from the service's request Sum, idle filled with zero", () => {
    const [d] = Monitoring.renderDashboards({ ...model([]), resources: [shop] })
    const [tps, util] = metricWidgets(d)
    assert.deepStrictEqual(tps?.properties.metrics.slice(1), [
      ["AWS/Personalize", "GetRecommendations", "CampaignArn", shop.arn, { id: "r0", stat: "Sum", visible: false }],
      [{ expression: "FILL(r0, 0) / PERIOD(r0)", id: "a0", label: "shop actual" }]
    ])
    // Utilization needs none of the monitor's custom metrics: only AWS/Personalize and math.
    assert.isFalse(util!.properties.metrics.some((m) => m[0] === "PersonalizeMonitor"))
    assert.deepStrictEqual(util?.properties.metrics.at(-1), [{ expression: "100 * a0 / 5", id: "u0", label: "shop" }])
    for (const w of metricWidgets(d))
      for (const m of w.properties.metrics) {
        const options = m.at(-1) as { id?: string }
        if (options.id !== undefined) assert.match(options.id, /^[a-z][a-zA-Z0-9_]*$/)
      }
    // No price table: no cost chart.
    assert.isFalse(metricWidgets(d).some((w) => w.properties.title.startsWith("Estimated")))
  })

  it("with a price table, charts each priced resource's cost per hour: max(actual, minimum) × price", () => {
    const [d] = Monitoring.renderDashboards({ ...model([]), resources: [shop, picks], prices })
    assert.deepStrictEqual(Monitoring.dashboardViolations(d!), [])
    const costs = metricWidgets(d).filter((w) => w.properties.title.startsWith("Estimated"))
    // The recommender's region has no price: only the campaign's section has a cost chart.
    assert.deepStrictEqual(
      costs.map((w) => [w.properties.title, w.properties.region, w.x, w.width]),
      [["Estimated Campaign Cost per Hour (USD)", "us-east-1", 0, 24]]
    )
    assert.deepStrictEqual(costs[0]?.properties.metrics.at(-1), [
      { expression: "MAX([a0, a0 * 0 + 5]) * 0.2", id: "c0", label: "shop (0.2 USD/TPS-hour)" }
    ])
  })

  it("property: with prices, each resource still appears once per family and no limit is broken", () => {
    fc.assert(
      fc.property(fc.array(resourceArb, { maxLength: 120 }), (resources) => {
        const table: Monitoring.PriceTable = {
          ...prices,
          regions: Object.fromEntries(
            [...new Set(resources.map((r) => r.region))].map((region) => [
              region,
              { campaignTpsHour: [{ price: 0.2 }], recommenderRpsHour: [{ price: 0.1 }] }
            ])
          )
        }
        const out = Monitoring.renderDashboards({ ...model(resources), prices: table })
        if (out.some((d) => Monitoring.dashboardViolations(d).length > 0)) return false
        const seen = appearances(out)
        return [...seen.values()].every((c) => c.tps === 1 && c.util === 1 && c.latency === 1 && c.cost === 1)
      }),
      { numRuns: 50 }
    )
  })
})
