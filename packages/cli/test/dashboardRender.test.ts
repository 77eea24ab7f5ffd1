import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Monitoring } from "@personalize-ops/core"
import { describe, expect, it } from "vitest"
import { recordingIo, runCli } from "../src/index.ts"

const example = readFileSync(
  join(import.meta.dirname, "..", "..", "..", "examples", "monitoring", "campaigns.json"),
  "utf8"
)

describe("personalize-ops dashboard render", () => {
  it("prints the dashboards exactly as PutDashboard receives them with --json", async () => {
    const rec = recordingIo({ files: { "campaigns.json": example } })
    const code = await runCli(["dashboard", "render", "--campaigns", "campaigns.json", "--json"], rec.io)
    expect(code).toBe(0)
    const out = JSON.parse(rec.stdout()) as { dashboards: Array<{ name: string; body: Monitoring.DashboardBody }> }
    expect(out.dashboards.map((d) => d.name)).toEqual(["Amazon-Personalize-Monitor"])
    const body = out.dashboards[0]!.body
    expect(Monitoring.dashboardViolations({ name: "Amazon-Personalize-Monitor", body })).toEqual([])
    const titles = body.widgets.map((w) =>
      w.type === "metric" ? w.properties.title : w.properties.markdown.split("\n")[0]
    )
    expect(titles).toEqual([
      "Resources Monitored",
      "# Amazon Personalize Monitor",
      expect.stringMatching(/^## Dataset Group: shop \(eu-west-1\)/),
      "Actual vs Provisioned RPS",
      "Recommender Utilization",
      "Recommender Latency",
      expect.stringMatching(/^## Dataset Group: movies \(us-east-1\)/),
      "Actual vs Provisioned TPS",
      "Campaign Utilization",
      "Campaign Latency"
    ])
    // Same input in another order: byte-identical output.
    const reversed = JSON.stringify(JSON.parse(example).reverse())
    const rec2 = recordingIo({ files: { "c.json": reversed } })
    await runCli(["dashboard", "render", "--campaigns", "c.json", "--json"], rec2.io)
    expect(rec2.stdout()).toBe(rec.stdout())
  })

  it("prints a summary without --json", async () => {
    const rec = recordingIo({ files: { "campaigns.json": example } })
    expect(await runCli(["dashboard", "render", "--campaigns", "campaigns.json"], rec.io)).toBe(0)
    expect(rec.stdout()).toBe(
      [
        "3 resources → 1 dashboard",
        "  Amazon-Personalize-Monitor: 10 widgets, 22 metrics",
        "    shop (eu-west-1)",
        "    movies (us-east-1)",
        ""
      ].join("\n")
    )
  })

  it("shows the retraining-freshness table the Lambda adds, from --solutions (ages with --at)", async () => {
    const solutions = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "examples", "monitoring", "solutions.json"),
      "utf8"
    )
    const rec = recordingIo({ files: { "campaigns.json": example, "solutions.json": solutions } })
    const args = ["dashboard", "render", "--campaigns", "campaigns.json", "--solutions", "solutions.json", "--json"]
    expect(await runCli([...args, "--at", "2026-11-27T06:00:00Z"], rec.io)).toBe(0)
    const body = (JSON.parse(rec.stdout()) as { dashboards: Array<{ body: Monitoring.DashboardBody }> }).dashboards[0]!
      .body
    const table = body.widgets.find(
      (w): w is Monitoring.TextWidget =>
        w.type === "text" && w.properties.markdown.startsWith("### Retraining freshness")
    )
    expect(table?.properties.markdown.split("\n")).toEqual([
      "### Retraining freshness",
      "| Solution | Latest solution version | Status | Age (hours) |",
      "|---|---|---|---|",
      "| movies-personalization | 2026-11-20T06:00:00Z | ACTIVE | 168 |",
      "| movies-rerank | none |  |  |"
    ])
    const bad = recordingIo({
      files: {
        "campaigns.json": example,
        "solutions.json": JSON.stringify([{ ...JSON.parse(solutions)[0], lastSolutionVersionStatus: "DONE" }])
      }
    })
    expect(await runCli(args, bad.io)).toBe(2)
    expect(bad.stderr()).toMatch(/solutions\.json: \[0\]\.lastSolutionVersionStatus/)
    const badAt = recordingIo({ files: { "campaigns.json": example, "solutions.json": solutions } })
    expect(await runCli([...args, "--at", "yesterday"], badAt.io)).toBe(2)
  })

  it("with --prices, charts the estimated cost per hour of the priced resources (the example prices us-east-1 campaigns)", async () => {
    const prices = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "examples", "monitoring", "prices.json"),
      "utf8"
    )
    const rec = recordingIo({ files: { "campaigns.json": example, "prices.json": prices } })
    expect(
      await runCli(
        ["dashboard", "render", "--campaigns", "campaigns.json", "--prices", "prices.json", "--json"],
        rec.io
      )
    ).toBe(0)
    const { dashboards } = JSON.parse(rec.stdout()) as {
      dashboards: Array<{
        body: { widgets: Array<{ properties: { title?: string; metrics?: Array<Array<unknown>> } }> }
      }>
    }
    const cost = dashboards[0]!.body.widgets.filter((w) => w.properties.title?.startsWith("Estimated"))
    expect(cost.map((w) => w.properties.title)).toEqual(["Estimated Campaign Cost per Hour (USD)"])
    // Both campaigns (minimum 5 and 2: 5,110 TPS-hours a month) are in the first tier: 0.2.
    expect(
      cost[0]!.properties.metrics!.filter(
        (m) => typeof m[0] === "object" && String((m[0] as { id?: string }).id).startsWith("c")
      )
    ).toEqual([
      [{ expression: "MAX([a0, a0 * 0 + 5]) * 0.2", id: "c0", label: "movies-personalization (0.2 USD/TPS-hour)" }],
      [{ expression: "MAX([a1, a1 * 0 + 2]) * 0.2", id: "c1", label: "movies-rerank (0.2 USD/TPS-hour)" }]
    ])
    const bad = recordingIo({ files: { "campaigns.json": example, "p.json": '{"currency":"USD"}' } })
    expect(await runCli(["dashboard", "render", "--campaigns", "campaigns.json", "--prices", "p.json"], bad.io)).toBe(2)
    expect(bad.stderr()).toMatch(/^p\.json: source: /)
  })

  it("exits 2 naming the field of bad input", async () => {
    const bad = JSON.parse(example)
    bad[1].region = "eu-west-1"
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify(bad), /campaigns\.json: \[1\]\.region: eu-west-1 is not the ARN's region us-east-1/],
      [JSON.stringify([{ ...JSON.parse(example)[0], minProvisionedTPS: 0 }]), /\[0\]\.minProvisionedTPS/],
      [
        JSON.stringify([{ ...JSON.parse(example)[0], arn: "arn:aws:s3:::bucket" }]),
        /\[0\]\.arn: "arn:aws:s3:::bucket" is not a Personalize campaign or recommender ARN/
      ],
      [JSON.stringify({ not: "an array" }), /campaigns\.json: \(root\)/],
      ["{ nope", /campaigns\.json: /]
    ]
    for (const [text, message] of cases) {
      const rec = recordingIo({ files: { "campaigns.json": text } })
      expect(await runCli(["dashboard", "render", "--campaigns", "campaigns.json"], rec.io)).toBe(2)
      expect(rec.stderr()).toMatch(message)
    }
    const missing = recordingIo()
    expect(await runCli(["dashboard", "render", "--campaigns", "nope.json"], missing.io)).toBe(2)
    expect(await runCli(["dashboard", "render"], missing.io)).toBe(2)
  })
})
