// A small stateful CloudWatch (awsJson1_0) on 127.0.0.1 for the Alarms and Dashboards contracts: alarms
// per region (from the SigV4 scope) and global dashboards, paginated by 1 so adapters must follow tokens.
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { gunzipSync } from "node:zlib"

type Json = Record<string, unknown>

/** Just enough CloudWatch: alarms per region and global dashboards, paginated by 1. */
export const startStatefulCloudWatch = async () => {
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
