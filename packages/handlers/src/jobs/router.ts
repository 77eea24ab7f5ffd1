import { Input, Jobs, type Kernel } from "@personalize-ops/core"
import { Clock, Effect, Schema } from "effect"
import {
  dashboardScript,
  makeLinks,
  pageSizes,
  periods,
  refreshIntervals,
  renderConfirmPage,
  renderDashboard,
  renderErrorPage,
  renderJobPage,
  sortKeys,
  sortRows
} from "./pages.ts"

/** A transport-neutral HTTP request (API Gateway v2 / function URL payloads and node:http both map to it). */
export interface HttpRequest {
  readonly method: string
  /** The path below the base path, e.g. `/jobs/abc`. */
  readonly path: string
  /** A parameter given several times (a multi-select) is joined with commas, as API Gateway does. */
  readonly query: { readonly [k: string]: string }
  /** Header names in lower case. */
  readonly headers: { readonly [k: string]: string }
  readonly body: string
  /** Who is calling, as the authorizer established it (IAM user/role ARN, JWT subject). */
  readonly actor?: string
  /** The caller's groups, from the JWT authorizer's groups claim (absent behind IAM auth). */
  readonly groups?: ReadonlyArray<string>
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
  /** Retry and terminate only jobs of these queues (ARNs); absent: any queue. */
  readonly actionQueues?: ReadonlyArray<string>
  /** Retry and terminate only for callers in this group (`HttpRequest.groups`); absent: any caller. */
  readonly operatorGroup?: string
}

export type JobsRouterServices = Jobs.JobReadModel | Jobs.BatchActions | Kernel.EventStore

/** The router's query from URL parameters: a repeated parameter (a multi-select) is joined with commas. */
export const queryOf = (params: URLSearchParams): Record<string, string> => {
  const query: Record<string, string> = {}
  for (const [k, v] of params) query[k] = query[k] === undefined ? v : `${query[k]},${v}`
  return query
}

const securityHeaders = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
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

const ActionParam = Jobs.JobAction
/** Comma-separated values ("any of"); an empty list means any. */
const ListOf = Schema.optionalKey(Schema.String)
const ListParams = Schema.Struct({
  status: ListOf,
  taskType: ListOf,
  region: ListOf,
  queue: ListOf,
  q: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  cursor: Schema.optionalKey(Schema.String),
  page: Schema.optionalKey(Schema.String),
  period: Schema.optionalKey(Schema.Literals(periods.map((p) => p.key))),
  from: Schema.optionalKey(Schema.String),
  to: Schema.optionalKey(Schema.String),
  limit: Schema.optionalKey(Schema.String),
  sort: Schema.optionalKey(Schema.Literals(sortKeys)),
  dir: Schema.optionalKey(Schema.Literals(["asc", "desc"])),
  refresh: Schema.optionalKey(Schema.Literals(refreshIntervals.map(String)))
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

/** The router's settings, resolved once. */
interface RouterContext {
  readonly config: JobsRouterConfig
  readonly stuck: Jobs.StuckThresholds
  readonly links: ReturnType<typeof makeLinks>
  readonly title: string
}

/** The distinct non-empty values of a comma-separated parameter. */
const listParam = (text: string | undefined) => [
  ...new Set(
    (text ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "")
  )
]

/** The page size and page number of a list query, each in range. */
const pageOf = (p: typeof ListParams.Type): Effect.Effect<{ limit: number; page: number }, BadRequest> => {
  const limit = p.limit === undefined ? 20 : Number(p.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > Jobs.maxPageSize)
    return Effect.fail(
      new BadRequest({ status: 400, message: `limit: expected an integer from 1 to ${Jobs.maxPageSize}` })
    )
  const page = p.page === undefined ? 1 : Number(p.page)
  if (!Number.isInteger(page) || page < 1)
    return Effect.fail(new BadRequest({ status: 400, message: "page: expected a page number from 1" }))
  return Effect.succeed({ limit, page })
}

/** The job filter, page size and page of a list request (dashboard, `/api/jobs`, `/api/stats`). */
const listQuery = Effect.fnUntraced(function* (req: HttpRequest, now: number) {
  // An empty form field means "any": drop it before decoding.
  const decoded = decodeList(Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== "")))
  if (decoded._tag === "Failure")
    return yield* new BadRequest({ status: 400, message: Input.showInputIssues(decoded.failure.issues) })
  const p = decoded.success
  const { limit, page } = yield* pageOf(p)
  const statuses = listParam(p.status)
  const badStatus = statuses.find((x) => !(Jobs.batchJobStatuses as ReadonlyArray<string>).includes(x))
  if (badStatus !== undefined) {
    return yield* new BadRequest({
      status: 400,
      message: `status: '${badStatus}' is not one of ${Jobs.batchJobStatuses.join(", ")}`
    })
  }
  const periodMs = periods.find((x) => x.key === p.period)?.ms
  const since = (yield* parseTime("from", p.from)) ?? (periodMs === undefined ? undefined : now - periodMs)
  const until = yield* parseTime("to", p.to)
  const taskTypes = listParam(p.taskType)
  const queues = listParam(p.queue)
  const regions = listParam(p.region)
  const search = (p.q ?? "").trim()
  const filter: Jobs.JobQuery = {
    ...(statuses.length === 0 ? {} : { statuses: statuses as ReadonlyArray<Jobs.BatchJobStatus> }),
    ...(taskTypes.length === 0 ? {} : { taskTypes }),
    ...(queues.length === 0 ? {} : { queues }),
    ...(regions.length === 0 ? {} : { regions }),
    ...(search === "" ? {} : { search }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until })
  }
  return { filter, limit, page, params: p }
})

/** A job summary with how long it has been stuck, when it is. */
const withStuck = (ctx: RouterContext, now: number) => (j: Jobs.JobSummary) => {
  const s = Jobs.stuckAt({ status: j.status, since: j.since }, now, ctx.stuck)
  return s === undefined ? j : { ...j, stuck: s }
}

/** Every job the filter matches, grouped (members under their job), and the exact stats of those rows. */
const filteredRows = (filter: Jobs.JobQuery) =>
  Effect.map(Jobs.listEvery(filter), (jobs) => {
    const rows = Jobs.jobRows(jobs)
    return { rows, stats: Jobs.statsOfJobs(rows.map((r) => r.job)) }
  })

/** The distinct values of a job field on the page, with the fixed ones, sorted: a filter's choices. */
const seenValues = (
  rows: ReadonlyArray<{ readonly job: Jobs.JobSummary }>,
  f: (j: Jobs.JobSummary) => string,
  fixed: ReadonlyArray<string> = []
) => [...new Set([...fixed, ...rows.map((r) => f(r.job))])].sort()

const dashboard = Effect.fnUntraced(function* (ctx: RouterContext, req: HttpRequest) {
  const { config, stuck, links, title } = ctx
  const now = yield* Clock.currentTimeMillis
  const { filter, limit, page, params } = yield* listQuery(req, now)
  const { rows, stats } = yield* filteredRows(filter)
  const sort = params.sort ?? "submitted"
  const dir = params.dir ?? "desc"
  return htmlResponse(
    200,
    renderDashboard(
      {
        filters: {
          statuses: filter.statuses ?? [],
          taskTypes: filter.taskTypes ?? [],
          regions: filter.regions ?? [],
          queues: filter.queues ?? [],
          search: filter.search ?? "",
          period: params.period ?? "all",
          limit: (pageSizes as ReadonlyArray<number>).includes(limit) ? limit : 20,
          sort,
          dir,
          refresh: Number(params.refresh ?? 0)
        },
        rows: sortRows(rows, sort, dir, now),
        page,
        stats,
        now,
        stuck,
        choices: {
          taskTypes: seenValues(rows, (j) => j.taskType, [
            ...config.rules.taskTypes.map((t) => t.taskType),
            config.rules.defaultTaskType ?? "Other"
          ]),
          queues: seenValues(rows, (j) => j.queue),
          regions: seenValues(rows, (j) => j.region, config.regions)
        }
      },
      links,
      title
    )
  )
})

const findJob = Effect.fnUntraced(function* (jobId: string) {
  const view = yield* (yield* Jobs.JobReadModel).get(jobId)
  if (view === undefined) return yield* new BadRequest({ status: 404, message: `job ${jobId} is unknown` })
  return view
})

/** The HTTP status of each refused action. */
const actionRefusal = <E extends { readonly _tag: string; readonly message: string }>(e: E) => {
  switch (e._tag) {
    case "JobNotFound":
      return new BadRequest({ status: 404, message: e.message })
    case "QueueNotAllowed":
      return new BadRequest({ status: 403, message: e.message })
    case "ActionNotAllowed":
    case "RetryRefused":
    case "StaleConfirmation":
    case "ActionInProgress":
      return new BadRequest({ status: 409, message: e.message })
    case "BatchActionFailed":
      return new BadRequest({ status: 502, message: e.message })
    default:
      return e
  }
}

const act = (
  ctx: RouterContext,
  req: HttpRequest,
  jobId: string,
  action: Jobs.JobAction,
  reason: string,
  expectedVersion?: number
) => {
  const { config } = ctx
  const group = config.operatorGroup
  if (group !== undefined && !(req.groups ?? []).includes(group))
    return Effect.fail(new BadRequest({ status: 403, message: `${action} needs the operator group ${group}` }))
  return Jobs.performAction(
    {
      jobId,
      action,
      actor: req.actor ?? "anonymous",
      reason,
      ...(expectedVersion === undefined ? {} : { expectedVersion })
    },
    config.rules,
    config.actionQueues === undefined ? {} : { queues: config.actionQueues }
  ).pipe(Effect.mapError(actionRefusal))
}

/** `POST /api/jobs/{id}/actions/{action}` with a JSON body `{ reason, expectedVersion? }`. */
const apiAction = Effect.fnUntraced(function* (ctx: RouterContext, req: HttpRequest, jobId: string, name: unknown) {
  const action = Schema.decodeUnknownResult(ActionParam)(name)
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
  const out = yield* act(ctx, req, jobId, action.success, body.success.reason, body.success.expectedVersion)
  return jsonResponse(200, out)
})

/** The JSON API: `/api/jobs`, `/api/jobs/{id}`, `/api/jobs/{id}/actions/{action}`, `/api/stats`. */
const routeApi = Effect.fnUntraced(function* (
  ctx: RouterContext,
  req: HttpRequest,
  parts: ReadonlyArray<string>,
  method: string
) {
  const isGet = method === "GET" || method === "HEAD"
  const [, b, c, d] = parts
  if (b === "jobs" && c === undefined && isGet) {
    const now = yield* Clock.currentTimeMillis
    const { filter, limit, params } = yield* listQuery(req, now)
    const page = yield* (yield* Jobs.JobReadModel).list({
      ...filter,
      limit,
      ...(params.cursor === undefined ? {} : { cursor: params.cursor })
    })
    return jsonResponse(200, { ...page, jobs: page.jobs.map(withStuck(ctx, now)) })
  }
  if (b === "jobs" && c !== undefined && d === undefined && isGet) {
    const now = yield* Clock.currentTimeMillis
    const view = yield* findJob(c)
    return jsonResponse(200, withStuck(ctx, now)(view))
  }
  if (b === "jobs" && c !== undefined && d === "actions" && parts.length === 5 && method === "POST")
    return yield* apiAction(ctx, req, c, parts[4])
  if (b === "stats" && c === undefined && isGet) {
    const now = yield* Clock.currentTimeMillis
    const { filter } = yield* listQuery(req, now)
    return jsonResponse(200, (yield* filteredRows(filter)).stats)
  }
  return yield* new BadRequest({ status: isGet || method === "POST" ? 404 : 405, message: "not found" })
})

/** The notice a job page shows after an action redirected to it. */
const doneNotice = (done: string | undefined, newJobId: string | undefined) =>
  done === "retry"
    ? `Retry submitted${newJobId === undefined ? "" : `: new job ${newJobId}`}.`
    : done === "terminate"
      ? "Termination requested; the job turns FAILED when Batch reports it."
      : done === "mark-broken"
        ? "Marked as broken."
        : undefined

/** `GET /jobs/{id}`: the job, its members, and the notice of the action just done. */
const jobPage = Effect.fnUntraced(function* (ctx: RouterContext, req: HttpRequest, jobId: string) {
  const now = yield* Clock.currentTimeMillis
  const view = yield* findJob(jobId)
  const members = yield* Jobs.listEvery({ memberOf: view.jobId })
  const notice = doneNotice(req.query["done"], req.query["newJobId"])
  return htmlResponse(
    200,
    renderJobPage(view, {
      now,
      stuck: ctx.stuck,
      links: ctx.links,
      members,
      ...(notice === undefined ? {} : { notice })
    })
  )
})

/** `GET /jobs/{id}/confirm?action=…`: the confirmation form of an action the job's status allows. */
const confirmPage = Effect.fnUntraced(function* (ctx: RouterContext, req: HttpRequest, jobId: string) {
  const action = Schema.decodeUnknownResult(ActionParam)(req.query["action"])
  if (action._tag === "Failure")
    return yield* new BadRequest({ status: 400, message: `action: one of ${Jobs.JobAction.literals.join(", ")}` })
  const view = yield* findJob(jobId)
  if (!Jobs.actionAllowed(action.success, view.status)) {
    return yield* new BadRequest({ status: 409, message: `cannot ${action.success} a ${view.status} job` })
  }
  return htmlResponse(200, renderConfirmPage(view, action.success, ctx.links))
})

/** `POST /jobs/{id}/actions/{action}` from the confirmation form; redirects to the job page. */
const formAction = Effect.fnUntraced(function* (
  ctx: RouterContext,
  req: HttpRequest,
  method: string,
  jobId: string,
  name: string
) {
  if (method !== "POST")
    return yield* new BadRequest({ status: 405, message: "actions are POSTed from the confirmation page" })
  if (!sameOrigin(req)) return yield* new BadRequest({ status: 403, message: "cross-site request refused" })
  const action = Schema.decodeUnknownResult(ActionParam)(name)
  if (action._tag === "Failure") return yield* new BadRequest({ status: 404, message: "unknown action" })
  const form = new URLSearchParams(req.body)
  if (form.get("confirm") !== "yes")
    return yield* new BadRequest({ status: 400, message: "the action was not confirmed" })
  const reason = (form.get("reason") ?? "").trim()
  if (reason === "" || reason.length > 500) {
    return yield* new BadRequest({ status: 400, message: "a reason (1–500 characters) is required" })
  }
  const versionText = form.get("expectedVersion")
  const version = versionText === null || versionText === "" ? Number.NaN : Number(versionText)
  const out = yield* act(ctx, req, jobId, action.success, reason, Number.isInteger(version) ? version : undefined)
  return {
    status: 303,
    headers: {
      ...securityHeaders,
      location: ctx.links.job(jobId, {
        done: out.action,
        ...(out.newJobId === undefined ? {} : { newJobId: out.newJobId })
      })
    },
    body: ""
  } satisfies HttpResponse
})

const route = Effect.fnUntraced(function* (ctx: RouterContext, req: HttpRequest) {
  const parts = segments(req.path)
  if (parts === undefined) return yield* new BadRequest({ status: 400, message: "malformed path" })
  const method = req.method.toUpperCase()
  const isGet = method === "GET" || method === "HEAD"
  const [a, b, c, d] = parts
  if (a === "api") return yield* routeApi(ctx, req, parts, method)
  if (a === undefined && isGet) return yield* dashboard(ctx, req)
  if (a === "assets" && b === "jobs.js" && c === undefined && isGet) {
    return {
      status: 200,
      headers: { ...securityHeaders, "content-type": "text/javascript; charset=utf-8" },
      body: dashboardScript
    } satisfies HttpResponse
  }
  if (a === "jobs" && b !== undefined && c === undefined && isGet) return yield* jobPage(ctx, req, b)
  if (a === "jobs" && b !== undefined && c === "confirm" && d === undefined && isGet)
    return yield* confirmPage(ctx, req, b)
  if (a === "jobs" && b !== undefined && c === "actions" && d !== undefined && parts.length === 4)
    return yield* formAction(ctx, req, method, b, d)
  return yield* new BadRequest({ status: 404, message: "not found" })
})

/**
 * The jobs dashboard and JSON API as one function from a request to a response over the ports.
 * GET never acts; actions are POSTs from a confirmation form (same-origin checked) or JSON API calls.
 */
export const makeJobsRouter = (config: JobsRouterConfig) => {
  const ctx: RouterContext = {
    config,
    stuck: config.stuck ?? Jobs.defaultStuckThresholds,
    links: makeLinks(config.basePath ?? ""),
    title: config.title ?? "AWS Batch jobs"
  }
  /** Answers every request; failures become error pages (HTML) or `{ error }` (JSON API). */
  return (req: HttpRequest): Effect.Effect<HttpResponse, never, JobsRouterServices> => {
    const api = req.path.startsWith("/api/") || req.path === "/api"
    const answer = (status: number, message: string) =>
      api
        ? jsonResponse(status, { error: message })
        : htmlResponse(
            status,
            renderErrorPage(status >= 500 ? "Something failed" : "Cannot do that", message, ctx.links)
          )
    return route(ctx, req).pipe(
      Effect.catchTag("BadRequest", (e) => Effect.succeed(answer(e.status, e.message))),
      Effect.catchTag("InvalidCursor", (e) => Effect.succeed(answer(400, e.message))),
      Effect.catchCause((cause) =>
        Effect.logError("jobs router failed", cause).pipe(Effect.as(answer(500, "internal error; see the logs")))
      )
    )
  }
}
