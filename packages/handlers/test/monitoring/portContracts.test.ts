// One contract per port, run against the memory adapter and the AWS adapter. The AWS side runs the real
// SDK stack against a small stateful CloudWatch (awsJson1_0) on 127.0.0.1.
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { gunzipSync } from "node:zlib"
import { layerCloudWatchAlarms, layerCloudWatchDashboards } from "@personalize-ops/adapters-aws"
import { MemoryMonitoringWorld } from "@personalize-ops/adapters-memory"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

type Json = Record<string, unknown>

/** Just enough CloudWatch: alarms per region and global dashboards, paginated by 1. */
const startCloudWatch = async () => {
  const alarms = new Map<string, Map<string, Json>>()
  const dashboards = new Map<string, string>()
  const page = <A>(items: ReadonlyArray<A>, token: unknown) => {
    const start = typeof token === "string" ? Number(token) : 0
    return { items: items.slice(start, start + 1), next: start + 1 < items.length ? String(start + 1) : undefined }
  }
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      const body = JSON.parse(
        (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8") || "{}"
      ) as Json
      const op = String(req.headers["x-amz-target"]).split(".")[1]
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? ""
      const regional = alarms.get(region) ?? new Map<string, Json>()
      alarms.set(region, regional)
      let out: Json = {}
      switch (op) {
        case "PutMetricAlarm":
          regional.set(String(body.AlarmName), body)
          break
        case "DescribeAlarms": {
          const all = [...regional.values()].filter((a) =>
            String(a.AlarmName).startsWith(String(body.AlarmNamePrefix ?? ""))
          )
          const p = page(all, body.NextToken)
          out = { MetricAlarms: p.items, ...(p.next === undefined ? {} : { NextToken: p.next }) }
          break
        }
        case "DeleteAlarms":
          for (const n of body.AlarmNames as Array<string>) regional.delete(n)
          break
        case "PutDashboard":
          dashboards.set(String(body.DashboardName), String(body.DashboardBody))
          out = { DashboardValidationMessages: [] }
          break
        case "ListDashboards": {
          const all = [...dashboards.keys()].filter((n) => n.startsWith(String(body.DashboardNamePrefix ?? ""))).sort()
          const p = page(all, body.NextToken)
          out = {
            DashboardEntries: p.items.map((n) => ({ DashboardName: n })),
            ...(p.next === undefined ? {} : { NextToken: p.next })
          }
          break
        }
        case "DeleteDashboards":
          for (const n of body.DashboardNames as Array<string>) dashboards.delete(n)
          break
      }
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" })
      res.end(JSON.stringify(out))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

let cloudWatch: Awaited<ReturnType<typeof startCloudWatch>>
beforeAll(async () => {
  cloudWatch = await startCloudWatch()
})
afterAll(() => cloudWatch.close())
const aws = () => ({
  endpoint: cloudWatch.endpoint,
  credentials: { accessKeyId: "l", secretAccessKey: "l" },
  maxAttempts: 1
})

const resource = (name: string, region: string): Personalize.MonitoredResource => ({
  arn: `arn:aws:personalize:${region}:123456789012:campaign/${name}`,
  name,
  kind: "campaign",
  region,
  datasetGroupArn: `arn:aws:personalize:${region}:123456789012:dataset-group/g`,
  datasetGroupName: "g",
  minTPS: 4,
  status: "ACTIVE",
  createdAt: 0
})

const alarmsContract = (name: string, layer: () => Layer.Layer<Monitoring.Alarms>) =>
  it(`Alarms contract: ${name}`, async () => {
    const settings = { ...Monitoring.defaultSettings, alarmNamePrefix: `C${name}-`, accountId: "123456789012" }
    const desired = Monitoring.desiredAlarms(
      [resource("a", "us-east-1"), resource("b", "eu-west-1"), resource("c", "us-east-1")],
      settings,
      1e12
    )
    await Effect.runPromise(
      Effect.gen(function* () {
        const alarms = yield* Monitoring.Alarms
        for (const a of desired) yield* alarms.put(a)
        const east = yield* alarms.describe("us-east-1", settings.alarmNamePrefix)
        expect(east.map((a) => a.name).sort()).toEqual(
          desired
            .filter((a) => a.region === "us-east-1")
            .map((a) => a.name)
            .sort()
        )
        const all = [...east, ...(yield* alarms.describe("eu-west-1", settings.alarmNamePrefix))]
        expect(Monitoring.reconcileAlarms(desired, all, settings.alarmNamePrefix)).toEqual({
          create: [],
          update: [],
          delete: []
        })
        const changed = desired.map((a) => ({ ...a, threshold: a.threshold + 1 }))
        yield* alarms.put(changed[0]!)
        const after = yield* alarms.describe(changed[0]!.region, settings.alarmNamePrefix)
        expect(after.find((a) => a.name === changed[0]!.name)?.threshold).toBe(changed[0]!.threshold)
        yield* alarms.delete(
          "us-east-1",
          east.map((a) => a.name)
        )
        expect(yield* alarms.describe("us-east-1", settings.alarmNamePrefix)).toEqual([])
        expect((yield* alarms.describe("eu-west-1", settings.alarmNamePrefix)).length).toBe(2)
      }).pipe(Effect.provide(layer()))
    )
  })

const dashboardsContract = (name: string, layer: () => Layer.Layer<Monitoring.Dashboards>) =>
  it(`Dashboards contract: ${name}`, async () => {
    await Effect.runPromise(
      Effect.gen(function* () {
        const dashboards = yield* Monitoring.Dashboards
        const [d] = Monitoring.renderDashboards({
          name: `D${name}`,
          homeRegion: "us-east-1",
          resources: [resource("a", "us-east-1")]
        })
        expect(yield* dashboards.put(d!.name, JSON.stringify(d!.body))).toEqual([])
        yield* dashboards.put(`D${name}-2`, JSON.stringify(d!.body))
        yield* dashboards.put(`Other${name}`, JSON.stringify(d!.body))
        expect(yield* dashboards.list(`D${name}`)).toEqual([`D${name}`, `D${name}-2`])
        yield* dashboards.delete([`D${name}-2`])
        expect(yield* dashboards.list(`D${name}`)).toEqual([`D${name}`])
      }).pipe(Effect.provide(layer()))
    )
  })

describe("port contracts", () => {
  alarmsContract("memory", () => new MemoryMonitoringWorld().layer)
  alarmsContract("aws", () => layerCloudWatchAlarms(aws()))
  dashboardsContract("memory", () => new MemoryMonitoringWorld().layer)
  dashboardsContract("aws", () => layerCloudWatchDashboards("us-east-1", aws()))
})
