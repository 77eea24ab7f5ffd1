import { Input, Jobs, type Kernel } from "@personalize-ops/core"
import { Clock, Effect, Schema } from "effect"
import {
  decodeTrail,
  makeLinks,
  pageSizes,
  periods,
  renderConfirmPage,
  renderDashboard,
  renderErrorPage,
  renderJobPage
} from "./pages.ts"

/** A transport-neutral HTTP request (API Gateway v2 / function URL payloads and node:http both map to it). */
export interface HttpRequest {
  readonly method: string
  /** The path below the base path, e.g. `/jobs/abc`. */
  readonly path: string
  readonly query: { readonly [k: string]: string }
  /** Header names in lower case. */
  readonly headers: { readonly [k: string]: string }
  readonly body: string
  /** Who is calling, as the authorizer established it (IAM user/role ARN, JWT subject). */
  readonly actor?: string
}

export interface HttpResponse {
  readonly status: number
  readonly headers: { readonly [k: string]: string }
  readonly body: string
}

/** What the router needs besides its ports. */
export interface JobsRouterConfig {
  readonly rules: Jobs.ClassificationRules
  readonly stuck?: Jobs.StuckThresholds
  /** Prefix of every link (`""` behind a function URL, `/prod` behind a named stage). */
  readonly basePath?: string
  readonly title?: string
  /** Regions offered in the region filter (besides those on the page). */
  readonly regions?: ReadonlyArray<string>
}

export type JobsRouterServices = Jobs.JobReadModel | Jobs.BatchActions | Kernel.EventStore

const securityHeaders = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "cache-control": "no-store"
}

const htmlResponse = (status: number, body: string): HttpResponse => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8", ...securityHeaders },
  body
})
const jsonResponse = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { "content-type": "application/json", ...securityHeaders },
  body: JSON.stringify(value)
})

/** A request the router refuses, with the HTTP status to answer. */
class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", {
  status: Schema.Number,
  message: Schema.String
}) {}

const StatusParam = Schema.optionalKey(Jobs.BatchJobStatus)
const ActionParam = Jobs.JobAction
const ListParams = Schema.Struct({
  status: StatusParam,
  taskType: Schema.optionalKey(Schema.String),
  region: Schema.optionalKey(Schema.String),
  queue: Schema.optionalKey(Schema.String),
  cursor: Schema.optionalKey(Schema.String),
  trail: Schema.optionalKey(Schema.String),
  period: Schema.optionalKey(Schema.Literals(periods.map((p) => p.key))),
  from: Schema.optionalKey(Schema.String),
  to: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(Schema.String)
})
const decodeList = Input.decodeWithIssues(ListParams)
const ActionBody = Schema.Struct({
  reason: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(500)),
  expectedVersion: Schema.optionalKey(Schema.Int)
})
const decodeActionJson = Input.decodeWithIssues(Schema.fromJsonString(ActionBody))

/** A time parameter: epoch milliseconds or an ISO-8601 date/time. */
const parseTime = (name: string, value: string | undefined): Effect.Effect<number | undefined, BadRequest> => {
  if (value === undefined || value === "") return Effect.succeed(undefined)
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isFinite(ms)
    ? Effect.succeed(ms)
    : Effect.fail(new BadRequest({ status: 400, message: `${name}: expected epoch milliseconds or an ISO-8601 time` }))
}

// Cross-site requests cannot forge this: browsers send Sec-Fetch-Site/Origin themselves, and a custom
// header or a JSON body forces a CORS preflight that this API never grants.
const sameOrigin = (req: HttpRequest): boolean => {
  const site = req.headers["sec-fetch-site"]
  if (site !== undefined) return site === "same-origin"
  const origin = req.headers["origin"]
  if (origin !== undefined) {
    try {
      return new URL(origin).host === req.headers["host"]
    } catch {
      return false
    }
  }
  return req.headers["x-jobs-action"] !== undefined
}

const segments = (path: string): Array<string> | undefined => {
  try {
    return path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

/**
 * The jobs dashboard and JSON API as one function from a request to a response over the ports.
 * GET never acts; actions are POSTs from a confirmation form (same-origin checked) or JSON API calls.
 */
export const makeJobsRouter = (config: JobsRouterConfig) => {
  const stuck = config.stuck ?? Jobs.defaultStuckThresholds
  const links = makeLinks(config.basePath ?? "")
  const title = config.title ?? "AWS Batch jobs"

  const listQuery = (req: HttpRequest, now: number) =>
    Effect.gen(function* () {
      // An empty form field means "any": drop it before decoding.
      const decoded = decodeList(Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== "")))
      if (decoded._tag === "Failure")
        return yield* new BadRequest({ status: 400, message: Input.showInputIssues(decoded.failure.issues) })
      const p = decoded.success
      const limitNumber = p.limit === undefined ? 20 : Number(p.limit)
      if (!Number.isInteger(limitNumber) || limitNumber < 1 || limitNumber > Jobs.maxPageSize) {
        return yield* new BadRequest({
          status: 400,
          message: `limit: expected an integer from 1 to ${Jobs.maxPageSize}`
        })
      }
      const periodMs = periods.find((x) => x.key === p.period)?.ms
      const from = (yield* parseTime("from", p.from)) ?? (periodMs === undefined ? undefined : now - periodMs)
      const to = yield* parseTime("to", p.to)
      const query: Jobs.JobQuery = {
        ...(p.status === undefined ? {} : { status: p.status }),
        ...(p.taskType === undefined || p.taskType === "" ? {} : { taskType: p.taskType }),
        ...(p.region === undefined || p.region === "" ? {} : { region: p.region }),
        ...(p.queue === undefined || p.queue === "" ? {} : { queue: p.queue }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(p.cursor === undefined || p.cursor === "" ? {} : { cursor: p.cursor }),
        limit: limitNumber
      }
      return { query, params: p }
    })

  const withStuck = (now: number) => (j: Jobs.JobSummary) => {
    const s = Jobs.stuckAt({ status: j.status, since: j.since }, now, stuck)
    return s === undefined ? j : { ...j, stuck: s }
  }

  const dashboard = (req: HttpRequest) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const { query, params } = yield* listQuery(req, now)
      const rm = yield* Jobs.JobReadModel
      const [page, stats] = yield* Effect.all(
        [
          rm.list(query),
          rm.stats({
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to })
          })
        ],
        { concurrency: 2 }
      )
      const limit = query.limit ?? 20
      return htmlResponse(
        200,
        renderDashboard(
          {
            filters: {
              ...(query.status === undefined ? {} : { status: query.status }),
              ...(query.taskType === undefined ? {} : { taskType: query.taskType }),
              ...(query.region === undefined ? {} : { region: query.region }),
              ...(query.queue === undefined ? {} : { queue: query.queue }),
              period: params.period ?? "all",
              limit: (pageSizes as ReadonlyArray<number>).includes(limit) ? limit : 20
            },
            page,
            cursor: query.cursor ?? "",
            trail: decodeTrail(params.trail),
            stats,
            now,
            stuck,
            regions: [...new Set([...(config.regions ?? []), ...page.jobs.map((j) => j.region)])].sort()
          },
          links,
          title
        )
      )
    })

  const findJob = (jobId: string) =>
    Effect.gen(function* () {
      const view = yield* (yield* Jobs.JobReadModel).get(jobId)
      if (view === undefined) return yield* new BadRequest({ status: 404, message: `job ${jobId} is unknown` })
      return view
    })

  const act = (jobId: string, action: Jobs.JobAction, reason: string, actor: string, expectedVersion?: number) =>
    Jobs.performAction(
      { jobId, action, actor, reason, ...(expectedVersion === undefined ? {} : { expectedVersion }) },
      config.rules
    ).pipe(
      Effect.mapError((e) => {
        switch (e._tag) {
          case "JobNotFound":
            return new BadRequest({ status: 404, message: e.message })
          case "ActionNotAllowed":
          case "RetryRefused":
          case "StaleConfirmation":
            return new BadRequest({ status: 409, message: e.message })
          case "BatchActionFailed":
            return new BadRequest({ status: 502, message: e.message })
          default:
            return e
        }
      })
    )

  const route = (req: HttpRequest) =>
    Effect.gen(function* () {
      const parts = segments(req.path)
      if (parts === undefined) return yield* new BadRequest({ status: 400, message: "malformed path" })
      const method = req.method.toUpperCase()
      const isGet = method === "GET" || method === "HEAD"
      const [a, b, c, d] = parts
      const actor = req.actor ?? "anonymous"

      // JSON API
      if (a === "api") {
        if (b === "jobs" && c === undefined && isGet) {
          const now = yield* Clock.currentTimeMillis
          const { query } = yield* listQuery(req, now)
          const page = yield* (yield* Jobs.JobReadModel).list(query)
          return jsonResponse(200, { ...page, jobs: page.jobs.map(withStuck(now)) })
        }
        if (b === "jobs" && c !== undefined && d === undefined && isGet) {
          const now = yield* Clock.currentTimeMillis
          const view = yield* findJob(c)
          return jsonResponse(200, withStuck(now)(view))
        }
        if (b === "jobs" && c !== undefined && d === "actions" && parts.length === 5 && method === "POST") {
          const action = Schema.decodeUnknownResult(ActionParam)(parts[4])
          if (action._tag === "Failure") return yield* new BadRequest({ status: 404, message: "unknown action" })
          // Like the form: a browser's cross-site request is refused; scripts send `x-jobs-action`.
          if (!sameOrigin(req)) return yield* new BadRequest({ status: 403, message: "cross-site request refused" })
          if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
            return yield* new BadRequest({
              status: 415,
              message: "actions take a JSON body (content-type: application/json)"
            })
          }
          const body = decodeActionJson(req.body)
          if (body._tag === "Failure")
            return yield* new BadRequest({ status: 400, message: Input.showInputIssues(body.failure.issues) })
          const out = yield* act(c, action.success, body.success.reason, actor, body.success.expectedVersion)
          return jsonResponse(200, out)
        }
        if (b === "stats" && c === undefined && isGet) {
          const now = yield* Clock.currentTimeMillis
          const { query } = yield* listQuery(req, now)
          const stats = yield* (yield* Jobs.JobReadModel).stats({
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to })
          })
          return jsonResponse(200, stats)
        }
        return yield* new BadRequest({ status: isGet || method === "POST" ? 404 : 405, message: "not found" })
      }

      // HTML
      if (a === undefined && isGet) return yield* dashboard(req)
      if (a === "jobs" && b !== undefined && c === undefined && isGet) {
        const now = yield* Clock.currentTimeMillis
        const view = yield* findJob(b)
        const done = req.query["done"]
        const newJobId = req.query["newJobId"]
        const notice =
          done === "retry"
            ? `Retry submitted${newJobId === undefined ? "" : `: new job ${newJobId}`}.`
            : done === "terminate"
              ? "Termination requested; the job turns FAILED when Batch reports it."
              : undefined
        return htmlResponse(
          200,
          renderJobPage(view, { now, stuck, links, ...(notice === undefined ? {} : { notice }) })
        )
      }
      if (a === "jobs" && b !== undefined && c === "confirm" && d === undefined && isGet) {
        const action = Schema.decodeUnknownResult(ActionParam)(req.query["action"])
        if (action._tag === "Failure")
          return yield* new BadRequest({ status: 400, message: "action: retry or terminate" })
        const view = yield* findJob(b)
        if (!Jobs.actionAllowed(action.success, view.status)) {
          return yield* new BadRequest({ status: 409, message: `cannot ${action.success} a ${view.status} job` })
        }
        return htmlResponse(200, renderConfirmPage(view, action.success, links))
      }
      if (a === "jobs" && b !== undefined && c === "actions" && d !== undefined && parts.length === 4) {
        if (method !== "POST")
          return yield* new BadRequest({ status: 405, message: "actions are POSTed from the confirmation page" })
        if (!sameOrigin(req)) return yield* new BadRequest({ status: 403, message: "cross-site request refused" })
        const action = Schema.decodeUnknownResult(ActionParam)(d)
        if (action._tag === "Failure") return yield* new BadRequest({ status: 404, message: "unknown action" })
        const form = new URLSearchParams(req.body)
        if (form.get("confirm") !== "yes")
          return yield* new BadRequest({ status: 400, message: "the action was not confirmed" })
        const reason = (form.get("reason") ?? "").trim()
        if (reason === "" || reason.length > 500) {
          return yield* new BadRequest({ status: 400, message: "a reason (1–500 characters) is required" })
        }
        const version = Number(form.get("expectedVersion"))
        const out = yield* act(b, action.success, reason, actor, Number.isInteger(version) ? version : undefined)
        return {
          status: 303,
          headers: {
            ...securityHeaders,
            location: links.job(b, {
              done: out.action,
              ...(out.newJobId === undefined ? {} : { newJobId: out.newJobId })
            })
          },
          body: ""
        } satisfies HttpResponse
      }
      return yield* new BadRequest({ status: 404, message: "not found" })
    })

  /** Answers every request; failures become error pages (HTML) or `{ error }` (JSON API). */
  return (req: HttpRequest): Effect.Effect<HttpResponse, never, JobsRouterServices> => {
    const api = req.path.startsWith("/api/") || req.path === "/api"
    const answer = (status: number, message: string) =>
      api
        ? jsonResponse(status, { error: message })
        : htmlResponse(status, renderErrorPage(status >= 500 ? "Something failed" : "Cannot do that", message, links))
    return route(req).pipe(
      Effect.catchTag("BadRequest", (e) => Effect.succeed(answer(e.status, e.message))),
      Effect.catchTag("InvalidCursor", (e) => Effect.succeed(answer(400, e.message))),
      Effect.catchCause((cause) =>
        Effect.logError("jobs router failed", cause).pipe(Effect.as(answer(500, "internal error; see the logs")))
      )
    )
  }
}
