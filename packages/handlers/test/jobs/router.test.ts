import { assert, describe, it } from "@effect/vitest"
import {
  generateDemoEvents,
  layerMemoryBatchActions,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  makeMemoryBatch
} from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { JobsHandlers } from "@personalize-ops/handlers"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"

const now = Date.UTC(2026, 10, 23, 12)
const rules: Jobs.ClassificationRules = { taskTypes: [{ taskType: "Ingest", jobQueue: "ingest" }] }
const route = JobsHandlers.makeJobsRouter({ rules })
const get = (path: string, query: Record<string, string> = {}) =>
  route({ method: "GET", path, query, headers: { host: "localhost" }, body: "" })
const post = (path: string, body: string, headers: Record<string, string>) =>
  route({
    method: "POST",
    path,
    query: {},
    headers: { host: "localhost", ...headers },
    body,
    actor: "arn:aws:iam::1:user/alice"
  })

const xssName = "<img src=x onerror=alert(1)>"
const xssEvent = {
  version: "0",
  id: "xss-1",
  "detail-type": "Batch Job State Change",
  source: "aws.batch",
  account: "123456789012",
  time: "2026-11-23T11:00:00Z",
  region: "eu-west-1",
  detail: {
    jobName: xssName,
    jobId: "xss-job",
    jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/q",
    status: "FAILED",
    statusReason: "<script>alert(2)</script>",
    createdAt: Date.UTC(2026, 10, 23, 10),
    stoppedAt: Date.UTC(2026, 10, 23, 11),
    jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/d:1"
  }
}

const setup = (batch = makeMemoryBatch()) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(now)
    for (const e of [...generateDemoEvents({ jobs: 45, seed: 11, now }), xssEvent]) {
      batch.observe(e)
      yield* Jobs.ingestBatchEvent(e, rules)
    }
    return batch
  })

const provide = (batch = makeMemoryBatch()) =>
  Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel, layerMemoryBatchActions(batch)))

describe("jobs router", () => {
  it.effect("JSON API: filtered, paginated list newest first, with stuck flags", () =>
    Effect.gen(function* () {
      yield* setup()
      const first = yield* get("/api/jobs", { limit: "10" })
      assert.strictEqual(first.status, 200)
      const page = JSON.parse(first.body) as { jobs: Array<Jobs.JobSummary & { stuck?: unknown }>; nextCursor?: string }
      assert.strictEqual(page.jobs.length, 10)
      const times = page.jobs.map((j) => j.createdAt)
      assert.deepStrictEqual(
        times,
        [...times].sort((a, b) => b - a)
      )
      const second = JSON.parse((yield* get("/api/jobs", { limit: "10", cursor: page.nextCursor! })).body)
      assert.notInclude(
        page.jobs.map((j) => j.jobId),
        second.jobs[0].jobId
      )
      const failed = JSON.parse((yield* get("/api/jobs", { status: "FAILED", limit: "100" })).body)
      assert.isTrue(failed.jobs.every((j: Jobs.JobSummary) => j.status === "FAILED"))
      const runnable = JSON.parse((yield* get("/api/jobs", { status: "RUNNABLE", limit: "100" })).body)
      assert.isTrue(runnable.jobs.some((j: { stuck?: unknown }) => j.stuck !== undefined))
      // empty form fields mean "any"
      assert.strictEqual((yield* get("/", { status: "", taskType: "", region: "", period: "all" })).status, 200)
      const bad = yield* get("/api/jobs", { status: "DONE" })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual((yield* get("/api/jobs", { cursor: "zzz" })).status, 400)
      const stats = JSON.parse((yield* get("/api/stats")).body) as Jobs.JobStats
      assert.strictEqual(stats.total, 46)
    }).pipe(provide())
  )

  it.effect("HTML escapes every job value: a job named <img …> is text", () =>
    Effect.gen(function* () {
      yield* setup()
      const dashboard = yield* get("/")
      assert.strictEqual(dashboard.status, 200)
      assert.notInclude(dashboard.body, xssName)
      assert.include(dashboard.body, "&lt;img src=x onerror=alert(1)&gt;")
      const page = yield* get("/jobs/xss-job")
      assert.notInclude(page.body, "<script>alert(2)</script>")
      assert.notInclude(page.body, xssName)
      assert.include(page.body, "&lt;script&gt;alert(2)&lt;/script&gt;")
      assert.match(page.headers["content-security-policy"] ?? "", /default-src 'none'/)
    }).pipe(provide())
  )

  it.effect("quotes in job values are escaped too: they cannot close an attribute", () => {
    const quoted = `o'brien" onmouseover='alert(3)`
    const event = {
      ...xssEvent,
      id: "quote-1",
      detail: { ...xssEvent.detail, jobName: quoted, jobId: "quote-job", statusReason: `it's "done"` }
    }
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      yield* Jobs.ingestBatchEvent(event, rules)
      for (const body of [(yield* get("/")).body, (yield* get("/jobs/quote-job")).body]) {
        assert.notInclude(body, quoted)
        assert.include(body, "o&#39;brien&quot; onmouseover=&#39;alert(3)")
      }
      const page = (yield* get("/jobs/quote-job")).body
      assert.include(page, "it&#39;s &quot;done&quot;")
    }).pipe(provide())
  })

  it.effect(
    "the form refuses what is not same-origin: Sec-Fetch-Site first, else Origin's host, else x-jobs-action",
    () => {
      const batch = makeMemoryBatch()
      return Effect.gen(function* () {
        yield* setup(batch)
        const retry = (headers: Record<string, string>) =>
          Effect.map(post("/jobs/xss-job/actions/retry", "reason=x", headers), (r) => r.status)
        // A sibling subdomain is same-site but not same-origin; it must not act for the user.
        assert.strictEqual(yield* retry({ "sec-fetch-site": "same-site" }), 403)
        assert.strictEqual(yield* retry({ "sec-fetch-site": "none" }), 403)
        // Sec-Fetch-Site wins over an Origin that would pass.
        assert.strictEqual(yield* retry({ "sec-fetch-site": "cross-site", origin: "http://localhost" }), 403)
        assert.strictEqual(yield* retry({ origin: "http://localhost:8080" }), 403)
        assert.strictEqual(yield* retry({ origin: "http://evil.localhost" }), 403)
        assert.strictEqual(yield* retry({ origin: "null" }), 403)
        assert.strictEqual(yield* retry({}), 403)
        assert.strictEqual(batch.submissions.length, 0)
        // Past the check, the unconfirmed form is a 400, whichever signal let it through.
        assert.strictEqual(yield* retry({ "sec-fetch-site": "same-origin" }), 400)
        assert.strictEqual(yield* retry({ origin: "http://localhost" }), 400)
        assert.strictEqual(yield* retry({ "x-jobs-action": "1" }), 400)
      }).pipe(provide(batch))
    }
  )

  it.effect("GET never acts; a confirmed same-origin POST retries and is audited with actor and reason", () => {
    const batch = makeMemoryBatch()
    return Effect.gen(function* () {
      yield* setup(batch)
      const confirm = yield* get("/jobs/xss-job/confirm", { action: "retry" })
      assert.strictEqual(confirm.status, 200)
      assert.include(confirm.body, 'method="post"')
      yield* get("/jobs/xss-job/actions/retry")
      assert.strictEqual(batch.submissions.length, 0, "GET must not act")
      const crossSite = yield* post("/jobs/xss-job/actions/retry", "confirm=yes&reason=x", {
        "sec-fetch-site": "cross-site"
      })
      assert.strictEqual(crossSite.status, 403)
      const unconfirmed = yield* post("/jobs/xss-job/actions/retry", "reason=x", { "sec-fetch-site": "same-origin" })
      assert.strictEqual(unconfirmed.status, 400)
      const version = /name="expectedVersion" value="(\d+)"/.exec(confirm.body)?.[1]
      const done = yield* post(
        "/jobs/xss-job/actions/retry",
        `confirm=yes&expectedVersion=${version}&reason=${encodeURIComponent("flaky <node>")}`,
        { origin: "http://localhost" }
      )
      assert.strictEqual(done.status, 303)
      assert.strictEqual(done.headers["location"], "/jobs/xss-job?done=retry&newJobId=xss-job-retry-1")
      assert.strictEqual(batch.submissions.length, 1)
      const again = yield* post("/jobs/xss-job/actions/retry", `confirm=yes&expectedVersion=${version}&reason=twice`, {
        origin: "http://localhost"
      })
      assert.strictEqual(again.status, 409, "a stale confirmation must be confirmed again")
      const page = yield* get("/jobs/xss-job", { done: "retry", newJobId: "xss-job-retry-1" })
      assert.include(page.body, "arn:aws:iam::1:user/alice")
      assert.include(page.body, "flaky &lt;node&gt;")
    }).pipe(provide(batch))
  })

  it.effect("actions need the operator group and a job of an allowed queue (403 otherwise, Batch not called)", () => {
    const batch = makeMemoryBatch()
    const guarded = JobsHandlers.makeJobsRouter({
      rules,
      operatorGroup: "operators",
      actionQueues: [xssEvent.detail.jobQueue]
    })
    const json = { host: "localhost", "content-type": "application/json", "x-jobs-action": "1" }
    const act = (jobId: string, groups?: ReadonlyArray<string>) =>
      guarded({
        method: "POST",
        path: `/api/jobs/${jobId}/actions/retry`,
        query: {},
        headers: json,
        body: JSON.stringify({ reason: "x" }),
        actor: "alice",
        ...(groups === undefined ? {} : { groups })
      })
    return Effect.gen(function* () {
      yield* setup(batch)
      const noGroup = yield* act("xss-job")
      assert.strictEqual(noGroup.status, 403)
      assert.match(JSON.parse(noGroup.body).error, /operator group operators/)
      assert.strictEqual((yield* act("xss-job", ["viewers"])).status, 403)
      // A job of another queue, by an operator: refused by the handler before Batch (IAM would refuse too).
      const other = (yield* (yield* Jobs.JobReadModel).list({ statuses: ["FAILED"], limit: 100 })).jobs.find(
        (j) => j.queue !== xssEvent.detail.jobQueue
      )
      assert.isDefined(other)
      const wrongQueue = yield* act(other?.jobId ?? "", ["operators"])
      assert.strictEqual(wrongQueue.status, 403)
      assert.match(JSON.parse(wrongQueue.body).error, /where actions are not allowed/)
      assert.strictEqual(batch.submissions.length, 0)
      const ok = yield* act("xss-job", ["viewers", "operators"])
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(batch.submissions.length, 1)
      // Read-only pages need no group.
      assert.strictEqual(
        (yield* guarded({ method: "GET", path: "/api/jobs", query: {}, headers: json, body: "" })).status,
        200
      )
    }).pipe(provide(batch))
  })

  it.effect("JSON actions need a JSON body; refused actions answer 409", () => {
    const batch = makeMemoryBatch()
    return Effect.gen(function* () {
      yield* setup(batch)
      // The JSON API refuses cross-site requests as the form does (Sec-Fetch-Site, else Origin, else x-jobs-action).
      const json = { "content-type": "application/json", "x-jobs-action": "1" }
      for (const headers of [
        { "content-type": "application/json", "sec-fetch-site": "cross-site" },
        { "content-type": "application/json", "sec-fetch-site": "same-site" },
        { "content-type": "application/json", origin: "https://evil.example" },
        { "content-type": "application/json" }
      ])
        assert.strictEqual(
          (yield* post("/api/jobs/xss-job/actions/retry", JSON.stringify({ reason: "x" }), headers)).status,
          403
        )
      assert.strictEqual(batch.submissions.length, 0)
      const form = yield* post("/api/jobs/xss-job/actions/retry", "reason=x", {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin"
      })
      assert.strictEqual(form.status, 415)
      const terminateFailed = yield* post("/api/jobs/xss-job/actions/terminate", JSON.stringify({ reason: "x" }), json)
      assert.strictEqual(terminateFailed.status, 409)
      const ok = yield* post("/api/jobs/xss-job/actions/retry", JSON.stringify({ reason: "x" }), json)
      assert.deepStrictEqual(JSON.parse(ok.body), { jobId: "xss-job", action: "retry", newJobId: "xss-job-retry-1" })
      assert.strictEqual((yield* get("/api/jobs/nope")).status, 404)
      assert.strictEqual((yield* get("/nowhere")).status, 404)
    }).pipe(provide(batch))
  })

  it.effect(
    "retry keeps an array job's shape; a child is refused (409) naming the parent, and nothing is submitted",
    () => {
      const batch = makeMemoryBatch()
      const arrayEvent = (jobId: string, arrayProperties: Record<string, unknown>) => ({
        ...xssEvent,
        id: `ev-${jobId}`,
        detail: { ...xssEvent.detail, jobName: "render", jobId, arrayProperties }
      })
      return Effect.gen(function* () {
        yield* TestClock.setTime(now)
        for (const e of [
          arrayEvent("arr-1", { size: 3, statusSummary: { FAILED: 1, SUCCEEDED: 2 } }),
          arrayEvent("arr-1:2", { index: 2 })
        ]) {
          batch.observe(e)
          yield* Jobs.ingestBatchEvent(e, rules)
        }
        const json = { "content-type": "application/json", "sec-fetch-site": "same-origin" }
        const child = yield* post("/api/jobs/arr-1%3A2/actions/retry", JSON.stringify({ reason: "x" }), json)
        assert.strictEqual(child.status, 409)
        assert.include(child.body, "Batch cannot resubmit one child: retry arr-1")
        assert.deepStrictEqual(batch.submissions, [])
        const parent = yield* post("/api/jobs/arr-1/actions/retry", JSON.stringify({ reason: "x" }), json)
        assert.strictEqual(parent.status, 200)
        assert.deepStrictEqual(
          batch.submissions.map((s) => s.shape),
          [{ kind: "array", size: 3 }]
        )
      }).pipe(provide(batch))
    }
  )

  it.effect("multi-value filters and the id search; stats count exactly the filtered jobs", () =>
    Effect.gen(function* () {
      yield* setup()
      const listed = (query: Record<string, string>) =>
        Effect.map(get("/api/jobs", { limit: "100", ...query }), (r) => {
          assert.strictEqual(r.status, 200, r.body)
          return (JSON.parse(r.body) as { jobs: Array<Jobs.JobSummary> }).jobs
        })
      const all = yield* listed({})
      const either = yield* listed({ status: "FAILED,RUNNING" })
      assert.deepStrictEqual(
        either.map((j) => j.jobId),
        all.filter((j) => j.status === "FAILED" || j.status === "RUNNING").map((j) => j.jobId)
      )
      assert.isAbove(new Set(either.map((j) => j.status)).size, 1)
      const regions = [...new Set(all.map((j) => j.region))]
      const both = yield* listed({ status: "FAILED,RUNNING", region: regions.join(",") })
      assert.deepStrictEqual(both, either)
      const search = yield* listed({ q: "XSS-J" })
      assert.deepStrictEqual(
        search.map((j) => j.jobId),
        ["xss-job"]
      )
      // stats describe exactly the filtered jobs: the list says N failed, so do the stats
      const stats = JSON.parse((yield* get("/api/stats", { status: "FAILED,RUNNING" })).body) as Jobs.JobStats
      assert.strictEqual(stats.total, either.length)
      assert.strictEqual(stats.byStatus["FAILED"], either.filter((j) => j.status === "FAILED").length)
      assert.strictEqual(stats.byStatus["SUCCEEDED"], 0)
      const page = yield* get("/", { status: "FAILED,RUNNING" })
      assert.include(page.body, `data-stat="total">Total<b>${either.length}</b>`)
      assert.strictEqual((yield* get("/api/jobs", { status: "FAILED,DONE" })).status, 400)
    }).pipe(provide())
  )

  it.effect("sorts the dashboard by any column, both ways; pages by number", () =>
    Effect.gen(function* () {
      yield* setup()
      const order = (body: string) => [...body.matchAll(/<tr data-job-id="([^"]+)"/g)].map((m) => m[1]!)
      const all = (JSON.parse((yield* get("/api/jobs", { limit: "100" })).body) as { jobs: Array<Jobs.JobSummary> })
        .jobs
      const byName = order((yield* get("/", { sort: "jobName", dir: "asc", limit: "100" })).body)
      const names = byName.map((id) => all.find((j) => j.jobId === id)!.jobName)
      assert.deepStrictEqual(names, [...names].sort())
      const byAttempts = order((yield* get("/", { sort: "attempts", limit: "100" })).body)
      const attempts = byAttempts.map((id) => all.find((j) => j.jobId === id)!.attempts)
      assert.deepStrictEqual(
        attempts,
        [...attempts].sort((a, b) => b - a)
      )
      const second = order((yield* get("/", { sort: "jobName", dir: "asc", limit: "20", page: "2" })).body)
      assert.deepStrictEqual(second, byName.slice(20, 40))
      assert.strictEqual((yield* get("/", { sort: "colour" })).status, 400)
    }).pipe(provide())
  )

  it.effect("mark as broken: confirmed, persistent on the job's stream, audited, shown on the list", () => {
    const batch = makeMemoryBatch()
    return Effect.gen(function* () {
      yield* setup(batch)
      const confirm = yield* get("/jobs/xss-job/confirm", { action: "mark-broken" })
      assert.strictEqual(confirm.status, 200)
      const done = yield* post("/jobs/xss-job/actions/mark-broken", "confirm=yes&reason=bad%20input%20file", {
        "sec-fetch-site": "same-origin"
      })
      assert.strictEqual(done.status, 303)
      assert.deepStrictEqual(batch.submissions, [], "marking calls nothing in Batch")
      const view = JSON.parse((yield* get("/api/jobs/xss-job")).body) as Jobs.JobView
      assert.deepStrictEqual(view.broken, { actor: "arn:aws:iam::1:user/alice", reason: "bad input file", at: now })
      assert.deepStrictEqual(
        view.actions.map((a) => [a.action, a.actor, a.reason, a.outcome]),
        [["mark-broken", "arn:aws:iam::1:user/alice", "bad input file", "succeeded"]]
      )
      // persistent: the read model is a projection of the stream; reprojecting keeps it
      const stream = yield* Jobs.reprojectJob("xss-job", rules)
      assert.deepStrictEqual(stream?.broken, view.broken)
      const list = (yield* get("/", { q: "xss" })).body
      assert.include(list, 'class="badge broken"')
    }).pipe(provide(batch))
  })

  it.effect("an array job lists its children on its page; the dashboard folds them under it", () => {
    const arrayEvent = (jobId: string, status: string, arrayProperties: Record<string, unknown>) => ({
      ...xssEvent,
      id: `ev-${jobId}-${status}`,
      detail: { ...xssEvent.detail, jobName: "render", jobId, status, arrayProperties }
    })
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      for (const e of [
        arrayEvent("arr-1", "FAILED", { size: 3, statusSummary: { FAILED: 1, SUCCEEDED: 2 } }),
        arrayEvent("arr-1:0", "SUCCEEDED", { index: 0 }),
        arrayEvent("arr-1:1", "SUCCEEDED", { index: 1 }),
        arrayEvent("arr-1:2", "FAILED", { index: 2 })
      ])
        yield* Jobs.ingestBatchEvent(e, rules)
      const page = (yield* get("/jobs/arr-1")).body
      assert.deepStrictEqual(
        [...page.matchAll(/<tr data-member-id="([^"]+)"/g)].map((m) => m[1]),
        ["arr-1:0", "arr-1:1", "arr-1:2"]
      )
      assert.include(page, "2 SUCCEEDED · 1 FAILED")
      const dashboard = (yield* get("/")).body
      assert.deepStrictEqual(
        [...dashboard.matchAll(/<tr data-job-id="([^"]+)"/g)].map((m) => m[1]),
        ["arr-1"]
      )
      assert.include(dashboard, 'data-stat="total">Total<b>1</b>')
    }).pipe(provide())
  })

  it.effect("serves the page script under the CSP's script-src 'self'; a repeated parameter is any-of", () =>
    Effect.gen(function* () {
      const script = yield* get("/assets/jobs.js")
      assert.strictEqual(script.status, 200)
      assert.match(script.headers["content-type"] ?? "", /javascript/)
      assert.include(script.body, "resolvedOptions().timeZone")
      assert.match(script.headers["content-security-policy"] ?? "", /script-src 'self'/)
      const req = JobsHandlers.fromApiGatewayV2({
        rawPath: "/",
        rawQueryString: "status=FAILED&status=RUNNING&q=abc",
        requestContext: { http: { method: "GET" } }
      })
      assert.deepStrictEqual(typeof req === "string" ? req : req.query, { status: "FAILED,RUNNING", q: "abc" })
    }).pipe(provide())
  )

  it.effect("a Spot reclaim and an out-of-memory failure are labelled as such, with a link to the log stream", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const failed = (jobId: string, statusReason: string, container: Record<string, unknown>) => ({
        ...xssEvent,
        id: `ev-${jobId}`,
        detail: { ...xssEvent.detail, jobName: jobId, jobId, statusReason, container }
      })
      for (const e of [
        failed("spot-job", "Host EC2 (instance i-0123456789abcdef0) terminated.", {}),
        failed("oom-job", "Essential container in task exited", {
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
          logStreamName: "render/default/abc"
        })
      ])
        yield* Jobs.ingestBatchEvent(e, rules)
      const body = (yield* get("/")).body
      assert.match(body, /data-failure="spot-reclaim">Spot reclaim</)
      assert.match(body, /data-failure="out-of-memory">out of memory</)
      assert.include(
        body,
        'class="log" href="https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:'
      )
    }).pipe(provide())
  )
})
