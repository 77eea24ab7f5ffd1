// A small stateful CloudWatch (awsJson1_0) on 127.0.0.1 for the Alarms, Dashboards and Metrics adapters'
// tests: alarms and metrics per region (from the SigV4 scope) and global dashboards, paginated by 1 so
// adapters must follow tokens. Timestamps travel as epoch seconds. `record` adds a datapoint as the
// service would (e.g. Personalize's own request metrics), for tests of what reads them.
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { gunzipSync } from "node:zlib"
import { Monitoring } from "@personalize-ops/core"

type Json = Record<string, unknown>
/** One datapoint: `at` in epoch seconds, dimensions as `recordDatum` keys them. */
interface Datum {
  readonly region: string
  readonly namespace: string
  readonly name: string
  readonly dimensions: string
  readonly at: number
  readonly value: number
}

const dimensionKey = (dimensions: unknown) =>
  JSON.stringify(
    ((dimensions ?? []) as Array<{ Name: string; Value: string }>).map((d) => `${d.Name}=${d.Value}`).sort()
  )

/** GetMetricData of one query: a point per period with data in [start, end), oldest first. */
const seriesOf = (data: ReadonlyArray<Datum>, region: string, query: Json, start: number, end: number) => {
  const stat = query.MetricStat as { Metric: Json; Period: number; Stat: Monitoring.Statistic }
  const matching = data.filter(
    (d) =>
      d.region === region &&
      d.namespace === stat.Metric.Namespace &&
      d.name === stat.Metric.MetricName &&
      d.dimensions === dimensionKey(stat.Metric.Dimensions)
  )
  const Timestamps: Array<number> = []
  const Values: Array<number> = []
  for (let t = start; t < end; t += stat.Period) {
    const inPeriod = matching.filter((d) => d.at >= t && d.at < Math.min(t + stat.Period, end)).map((d) => d.value)
    if (inPeriod.length === 0) continue
    Timestamps.push(t)
    Values.push(Monitoring.statisticOf(stat.Stat, inPeriod))
  }
  return { Id: query.Id, Timestamps, Values, StatusCode: "Complete" }
}

/** Just enough CloudWatch: alarms and metrics per region and global dashboards, paginated by 1. */
export const startStatefulCloudWatch = async () => {
  const alarms = new Map<string, Map<string, Json>>()
  const dashboards = new Map<string, string>()
  const data: Array<Datum> = []
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
        case "PutMetricData":
          for (const d of body.MetricData as Array<Json>)
            data.push({
              region,
              namespace: String(body.Namespace),
              name: String(d.MetricName),
              dimensions: dimensionKey(d.Dimensions),
              at: Number(d.Timestamp),
              value: Number(d.Value)
            })
          break
        case "GetMetricData": {
          const p = page(body.MetricDataQueries as Array<Json>, body.NextToken)
          out = {
            MetricDataResults: p.items.map((q) =>
              seriesOf(data, region, q, Number(body.StartTime), Number(body.EndTime))
            ),
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
    /** Adds a datapoint (`at` in epoch ms) as if the service had published it. */
    record: (datum: {
      readonly region: string
      readonly namespace: string
      readonly name: string
      readonly dimensions: ReadonlyArray<{ readonly Name: string; readonly Value: string }>
      readonly at: number
      readonly value: number
    }) => {
      data.push({ ...datum, dimensions: dimensionKey(datum.dimensions), at: Math.floor(datum.at / 1000) })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
