// `monitor report` end to end on the AWS adapters: the CLI reads Personalize (awsJson1_1) and CloudWatch
// (awsJson1_0) through the real SDK clients, endpoints, region and credentials from the environment as
// for any AWS tool, here a local endpoint on 127.0.0.1 that answers both: two campaigns, and for each a
// five-minute GetRecommendations sum of every window asked for.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const us = (path: string) => `arn:aws:personalize:us-east-1:123456789012:${path}`
const perSecond: Record<string, number> = { [us("campaign/over")]: 4, [us("campaign/busy")]: 5 }
const minimum: Record<string, number> = { [us("campaign/over")]: 10, [us("campaign/busy")]: 2 }
const env = [
  "AWS_ENDPOINT_URL_PERSONALIZE",
  "AWS_ENDPOINT_URL_CLOUDWATCH",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY"
] as const
const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]))
const operations: Array<string> = []

type Json = Record<string, unknown>
const answer = (operation: string, body: Json): Json => {
  switch (operation) {
    case "ListCampaigns":
      return { campaigns: Object.keys(minimum).map((campaignArn) => ({ campaignArn })) }
    case "ListRecommenders":
      return { recommenders: [] }
    case "DescribeCampaign": {
      const arn = String(body.campaignArn)
      return {
        campaign: {
          campaignArn: arn,
          name: arn.slice(arn.lastIndexOf("/") + 1),
          status: "ACTIVE",
          minProvisionedTPS: minimum[arn],
          solutionVersionArn: us("solution/up/1a"),
          creationDateTime: 0
        }
      }
    }
    case "DescribeSolution":
      return {
        solution: {
          solutionArn: us("solution/up"),
          name: "up",
          datasetGroupArn: us("dataset-group/retail"),
          recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization"
        }
      }
    case "GetMetricData": {
      // Epoch seconds both ways (awsJson1_0); a point per five minutes in [StartTime, EndTime).
      const start = Number(body.StartTime)
      const end = Number(body.EndTime)
      const queries = body.MetricDataQueries as Array<{ Id: string; MetricStat: { Metric: Json } }>
      return {
        MetricDataResults: queries.map((q) => {
          const arn = (q.MetricStat.Metric.Dimensions as Array<{ Value: string }>)[0]!.Value
          const Timestamps: Array<number> = []
          for (let t = start; t < end; t += 300) Timestamps.push(t)
          return {
            Id: q.Id,
            Timestamps,
            Values: Timestamps.map(() => (perSecond[arn] ?? 0) * 300),
            StatusCode: "Complete"
          }
        })
      }
    }
    default:
      throw new Error(`unexpected ${operation}`)
  }
}

let server: ReturnType<typeof createServer>
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "")
      const operation = target.slice(target.indexOf(".") + 1)
      operations.push(operation)
      const text = Buffer.concat(chunks).toString("utf8")
      res.writeHead(200, { "content-type": String(req.headers["content-type"] ?? "application/x-amz-json-1.1") })
      res.end(JSON.stringify(answer(operation, text === "" ? {} : (JSON.parse(text) as Json))))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_PERSONALIZE: endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })
})
afterAll(async () => {
  for (const k of env)
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const prices = join(import.meta.dirname, "..", "..", "..", "examples", "monitoring", "prices.json")
const cli = async (...args: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(args, { ...out.io, readFile: processIo.readFile })
  return { code, stdout: out.stdout(), stderr: out.stderr() }
}

describe("personalize-ops monitor report (AWS SDK, local endpoint)", () => {
  it("prints each campaign's billed and unused capacity and its cost under the example price table", async () => {
    const r = await cli("monitor", "report", "--prices", prices, "--hours", "24")
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const lines = r.stdout.split("\n")
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ → \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(24 h\), 2 resources$/
    )
    // over: 10 provisioned, 4 used: 240 TPS-hours a day, 144 unused, at 0.20 (the first tier: 12,775 TPS-hours a month).
    expect(lines[1]).toBe(
      "  over (campaign, us-east-1): min 10 TPS, used 4 avg / 4 peak; 240 TPS-hours billed, 144 unused — 48.00 USD (28.80 USD unused), 1460.00 USD/month at this pace, 0.2 USD/TPS-hour"
    )
    expect(lines[2]).toContain(
      "busy (campaign, us-east-1): min 2 TPS, used 5 avg / 5 peak; 120 TPS-hours billed, 0 unused — 24.00 USD"
    )
    expect(lines[3]).toBe("total: 72.00 USD over 24 h, 28.80 USD of it unused; 2190.00 USD/month at this pace")
    expect(operations).toContain("GetMetricData")

    const json = await cli("monitor", "report", "--prices", prices, "--regions", "us-east-1", "--json")
    expect(json.code).toBe(0)
    const report = JSON.parse(json.stdout) as {
      currency: string
      totals: { window: number }
      rows: Array<{ name: string }>
    }
    expect(report.currency).toBe("USD")
    expect(report.totals.window).toBe(72)
    expect(report.rows.map((row) => row.name)).toEqual(["over", "busy"])

    // Listed ARNs: only those are described and read.
    const one = await cli("monitor", "report", "--prices", prices, "--campaigns", us("campaign/busy"))
    expect(one.code).toBe(0)
    expect(one.stdout).toContain("1 resources")
    expect(one.stdout).not.toContain("over (campaign")
  }, 120_000)
})
