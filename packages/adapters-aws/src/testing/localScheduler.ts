// Test support: a local EventBridge Scheduler on 127.0.0.1 speaking restJson1 as the service does (paths, query
// parameters, epoch-second timestamps, errors as `x-amzn-errortype` + status + {"Message"}), so the
// AWS adapter runs on the real @aws-sdk/client-scheduler stack. There is no Scheduler emulator; this
// keeps the service's rules that matter here: names, the default group, conflicts, not-found, the
// expression and time zone checks, and paging.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Config, Maintenance } from "@personalize-ops/core"
import { Result } from "effect"
import { closeServer } from "./closeServer.ts"

export interface LocalScheduler {
  readonly endpoint: string
  /** Every request: method, path and operation. */
  readonly received: Array<{ readonly operation: string; readonly path: string }>
  readonly close: () => Promise<void>
}

type ErrorName = keyof typeof Maintenance.schedulerErrorNames

class Reject {
  readonly name: ErrorName
  readonly message: string
  constructor(name: ErrorName, message: string) {
    this.name = name
    this.message = message
  }
}

interface Group {
  readonly Name: string
  readonly Arn: string
  readonly CreationDate: number
  LastModificationDate: number
}

interface StoredSchedule {
  readonly [field: string]: unknown
}

const region = "us-east-1"
const account = "000000000000"
const namePattern = /^[0-9a-zA-Z\-_.]{1,64}$/

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const now = () => Math.floor(Date.now() / 1000)
const key = (group: string, name: string) => `${group}/${name}`

const checkName = (field: string, name: string) => {
  if (!namePattern.test(name))
    throw new Reject(
      "ValidationException",
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint`
    )
}

/** The fields CreateSchedule / UpdateSchedule require, checked as the service checks them. */
const checkScheduleBody = (body: Record<string, unknown>) => {
  const expression = body["ScheduleExpression"]
  const target = body["Target"] as { Arn?: unknown; RoleArn?: unknown } | undefined
  if (typeof expression !== "string" || target === undefined || body["FlexibleTimeWindow"] === undefined)
    throw new Reject("ValidationException", "ScheduleExpression, Target and FlexibleTimeWindow are required")
  if (Result.isFailure(Config.parseSchedule(expression)))
    throw new Reject("ValidationException", `Invalid Schedule Expression ${expression}.`)
  const zone = body["ScheduleExpressionTimezone"]
  if (typeof zone === "string" && !validZone(zone))
    throw new Reject("ValidationException", `Invalid ScheduleExpressionTimezone ${zone}.`)
  if (typeof target.Arn !== "string" || typeof target.RoleArn !== "string")
    throw new Reject("ValidationException", "Target.Arn and Target.RoleArn are required")
}

/** What ListSchedules returns of a schedule. */
const scheduleSummary = (s: StoredSchedule) => ({
  Arn: s["Arn"],
  Name: s["Name"],
  GroupName: s["GroupName"],
  State: s["State"],
  CreationDate: s["CreationDate"],
  LastModificationDate: s["LastModificationDate"],
  Target: { Arn: (s["Target"] as { Arn: string }).Arn }
})

/** The service's state (groups and schedules) and its operations, each answering `[operation, output]`. */
class SchedulerState {
  readonly groups = new Map<string, Group>([
    [
      "default",
      {
        Name: "default",
        Arn: `arn:aws:scheduler:${region}:${account}:schedule-group/default`,
        CreationDate: now(),
        LastModificationDate: now()
      }
    ]
  ])
  readonly schedules = new Map<string, StoredSchedule>()
  readonly pageSize: number

  constructor(pageSize: number) {
    this.pageSize = pageSize
  }

  page<T>(items: ReadonlyArray<T>, token: string | null) {
    const from = token === null ? 0 : Number(token)
    const next = from + this.pageSize < items.length ? String(from + this.pageSize) : undefined
    return { items: items.slice(from, from + this.pageSize), ...(next === undefined ? {} : { NextToken: next }) }
  }

  putSchedule(name: string, body: Record<string, unknown>, create: boolean) {
    checkName("name", name)
    const group = typeof body["GroupName"] === "string" ? body["GroupName"] : "default"
    checkScheduleBody(body)
    if (!this.groups.has(group))
      throw new Reject("ResourceNotFoundException", `Schedule group ${group} does not exist.`)
    const existing = this.schedules.get(key(group, name))
    if (create && existing !== undefined) throw new Reject("ConflictException", `Schedule ${name} already exists.`)
    if (!create && existing === undefined)
      throw new Reject("ResourceNotFoundException", `Schedule ${name} does not exist.`)
    const arn = `arn:aws:scheduler:${region}:${account}:schedule/${group}/${name}`
    const { ClientToken: _token, ...fields } = body
    this.schedules.set(key(group, name), {
      ...fields,
      Name: name,
      GroupName: group,
      Arn: arn,
      State: body["State"] ?? "ENABLED",
      CreationDate: existing?.["CreationDate"] ?? now(),
      LastModificationDate: now()
    })
    return { ScheduleArn: arn }
  }

  /** `/schedule-groups/{name}`: create, get, delete (with its schedules; never the default group). */
  group(method: string, name: string): [string, unknown] | undefined {
    if (method === "POST") {
      checkName("name", name)
      if (this.groups.has(name)) throw new Reject("ConflictException", `Schedule group ${name} already exists.`)
      const arn = `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`
      this.groups.set(name, { Name: name, Arn: arn, CreationDate: now(), LastModificationDate: now() })
      return ["CreateScheduleGroup", { ScheduleGroupArn: arn }]
    }
    const group = this.groups.get(name)
    if (method === "DELETE" && name === "default")
      throw new Reject("ValidationException", "Default schedule group cannot be deleted.")
    if (group === undefined) throw new Reject("ResourceNotFoundException", `Schedule group ${name} does not exist.`)
    if (method === "GET") return ["GetScheduleGroup", { ...group, State: "ACTIVE" }]
    if (method === "DELETE") {
      this.groups.delete(name)
      for (const [k, s] of this.schedules) if (s["GroupName"] === name) this.schedules.delete(k)
      return ["DeleteScheduleGroup", {}]
    }
    return undefined
  }

  listGroups(query: URLSearchParams): [string, unknown] {
    const prefix = query.get("NamePrefix") ?? ""
    const all = [...this.groups.values()]
      .filter((g) => g.Name.startsWith(prefix))
      .sort((a, b) => a.Name.localeCompare(b.Name))
    const { items, ...rest } = this.page(all, query.get("NextToken"))
    return ["ListScheduleGroups", { ScheduleGroups: items.map((g) => ({ ...g, State: "ACTIVE" })), ...rest }]
  }

  /** `/schedules/{name}`: create, update, get, delete. */
  schedule(
    method: string,
    name: string,
    query: URLSearchParams,
    body: Record<string, unknown>
  ): [string, unknown] | undefined {
    if (method === "POST") return ["CreateSchedule", this.putSchedule(name, body, true)]
    if (method === "PUT") return ["UpdateSchedule", this.putSchedule(name, body, false)]
    const group = query.get("groupName") ?? "default"
    const stored = this.schedules.get(key(group, name))
    if (stored === undefined) throw new Reject("ResourceNotFoundException", `Schedule ${name} does not exist.`)
    if (method === "GET") return ["GetSchedule", stored]
    if (method === "DELETE") {
      this.schedules.delete(key(group, name))
      return ["DeleteSchedule", {}]
    }
    return undefined
  }

  listSchedules(query: URLSearchParams): [string, unknown] {
    const group = query.get("ScheduleGroup")
    if (group !== null && !this.groups.has(group))
      throw new Reject("ResourceNotFoundException", `Schedule group ${group} does not exist.`)
    const all = [...this.schedules.values()]
      .filter((s) => group === null || s["GroupName"] === group)
      .sort((a, b) => String(a["Name"]).localeCompare(String(b["Name"])))
    const { items, ...rest } = this.page(all, query.get("NextToken"))
    return ["ListSchedules", { Schedules: items.map(scheduleSummary), ...rest }]
  }

  route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): [string, unknown] {
    const groupMatch = /^\/schedule-groups\/([^/]+)$/.exec(path)
    const scheduleMatch = /^\/schedules\/([^/]+)$/.exec(path)
    const answered =
      groupMatch !== null
        ? this.group(method, decodeURIComponent(groupMatch[1]!))
        : path === "/schedule-groups" && method === "GET"
          ? this.listGroups(query)
          : scheduleMatch !== null
            ? this.schedule(method, decodeURIComponent(scheduleMatch[1]!), query, body)
            : path === "/schedules" && method === "GET"
              ? this.listSchedules(query)
              : undefined
    if (answered === undefined) throw new Reject("ValidationException", `no route for ${method} ${path}`)
    return answered
  }
}

/** Starts the server; `pageSize` is small by default so the adapter's paging is exercised. */
export const startLocalScheduler = async (options: { readonly pageSize?: number } = {}): Promise<LocalScheduler> => {
  const state = new SchedulerState(options.pageSize ?? 2)
  const received: Array<{ operation: string; path: string }> = []
  const answer = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? "/", "http://local")
    try {
      const [operation, out] = state.route(
        req.method ?? "GET",
        url.pathname,
        url.searchParams,
        text === "" ? {} : JSON.parse(text)
      )
      received.push({ operation, path: url.pathname })
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify(out))
    } catch (e) {
      if (!(e instanceof Reject)) throw e
      received.push({ operation: `error:${e.name}`, path: url.pathname })
      res.writeHead(Maintenance.schedulerErrorNames[e.name].status, {
        "content-type": "application/json",
        "x-amzn-errortype": e.name
      })
      res.end(JSON.stringify({ Message: e.message }))
    }
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => answer(req, res, Buffer.concat(chunks).toString("utf8")))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () => closeServer(server)
  }
}
