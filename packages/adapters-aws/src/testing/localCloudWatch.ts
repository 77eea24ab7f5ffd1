// A small stateful CloudWatch (awsJson1_0) on 127.0.0.1 for the Alarms, Dashboards and Metrics adapters'
// tests: alarms and metrics per region (from the SigV4 scope) and global dashboards, paginated by 1 so
// adapters must follow tokens. Timestamps travel as epoch seconds. `record` adds a datapoint as the
// service would (e.g. Personalize's own request metrics), for tests of what reads them.
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { gunzipSync } from "node:zlib"
import { Monitoring } from "@personalize-ops/core"
import { closeServer } from "./closeServer.ts"

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

/** One page of `items` (pages of 1) from a NextToken. */
const page = <A>(items: ReadonlyArray<A>, token: unknown) => {
  const first = typeof token === "string" ? Number(token) : 0
  return { items: items.slice(first, first + 1), next: first + 1 < items.length ? String(first + 1) : undefined }
}
const nextToken = (next: string | undefined) => (next === undefined ? {} : { NextToken: next })

/** The service's state: alarms per region, global dashboards, datapoints. */
class CloudWatchState {
  readonly alarms = new Map<string, Map<string, Json>>()
  readonly dashboards = new Map<string, string>()
  readonly data: Array<Datum> = []

  regional(region: string): Map<string, Json> {
    const regional = this.alarms.get(region) ?? new Map<string, Json>()
    this.alarms.set(region, regional)
    return regional
  }

  /** The answer to one operation of `region`. */
  answer(op: string | undefined, body: Json, region: string): Json {
    switch (op) {
      case "PutMetricAlarm":
        this.regional(region).set(String(body.AlarmName), body)
        return {}
      case "DescribeAlarms": {
        const prefix = String(body.AlarmNamePrefix ?? "")
        const all = [...this.regional(region).values()].filter((a) => String(a.AlarmName).startsWith(prefix))
        const p = page(all, body.NextToken)
        return { MetricAlarms: p.items, ...nextToken(p.next) }
      }
      case "DeleteAlarms":
        for (const n of body.AlarmNames as Array<string>) this.regional(region).delete(n)
        return {}
      case "PutDashboard":
        this.dashboards.set(String(body.DashboardName), String(body.DashboardBody))
        return { DashboardValidationMessages: [] }
      case "ListDashboards": {
        const prefix = String(body.DashboardNamePrefix ?? "")
        const p = page([...this.dashboards.keys()].filter((n) => n.startsWith(prefix)).sort(), body.NextToken)
        return { DashboardEntries: p.items.map((n) => ({ DashboardName: n })), ...nextToken(p.next) }
      }
      case "PutMetricData":
        for (const d of body.MetricData as Array<Json>) this.data.push(datumOf(region, String(body.Namespace), d))
        return {}
      case "GetMetricData": {
        const p = page(body.MetricDataQueries as Array<Json>, body.NextToken)
        const [start, end] = [Number(body.StartTime), Number(body.EndTime)]
        return {
          MetricDataResults: p.items.map((q) => seriesOf(this.data, region, q, start, end)),
          ...nextToken(p.next)
        }
      }
      case "DeleteDashboards":
        for (const n of body.DashboardNames as Array<string>) this.dashboards.delete(n)
        return {}
      default:
        return {}
    }
  }
}

const datumOf = (region: string, namespace: string, d: Json): Datum => ({
  region,
  namespace,
  name: String(d.MetricName),
  dimensions: dimensionKey(d.Dimensions),
  at: Number(d.Timestamp),
  value: Number(d.Value)
})

/** A request's JSON body (gzip when the SDK compressed it). */
const readBody = async (req: IncomingMessage): Promise<Json> => {
  const chunks: Array<Buffer> = []
  for await (const c of req) chunks.push(c as Buffer)
  const raw = Buffer.concat(chunks)
  return JSON.parse((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8") || "{}")
}

/** Just enough CloudWatch: alarms and metrics per region and global dashboards, paginated by 1. */
export const startStatefulCloudWatch = async () => {
  const state = new CloudWatchState()
  const server = createServer(async (req: IncomingMessage, res) => {
    const body = await readBody(req)
    const op = String(req.headers["x-amz-target"]).split(".")[1]
    const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? ""
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" })
    res.end(JSON.stringify(state.answer(op, body, region)))
  })
  await listenLocal(server)
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
      state.data.push({ ...datum, dimensions: dimensionKey(datum.dimensions), at: Math.floor(datum.at / 1000) })
    },
    close: () => closeServer(server)
  }
}

const listenLocal = (server: Server): Promise<void> =>
  new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
