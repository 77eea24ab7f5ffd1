// The contract every JobReadModel adapter must pass. An adapter's test file calls
// `jobReadModelContract("memory", () => layerMemoryJobReadModel)`; each test builds the layer afresh.

import * as Jobs from "@personalize-ops/core/jobs"
import { Clock, Effect, type Layer } from "effect"
import { assert, describe, it } from "vitest"

const statuses = ["RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"] as const
const taskTypes = ["Ingest", "Storage", "Assembly (Zip Package)"] as const
const regions = ["eu-west-1", "us-east-1"] as const
const day = 86_400_000
const t0 = Date.UTC(2026, 10, 20)

/** A deterministic set of views: job i, at version v, with some phases measured. */
export const sampleJobView = (i: number, version = 1): Jobs.JobView => {
  const status = version === 1 ? "RUNNABLE" : statuses[(i * 7) % statuses.length]!
  const createdAt = t0 + (i % 4) * day + i * 60_000
  const durations = version === 1 ? {} : { RUNNABLE: 1_000 * (i + 1), RUNNING: 60_000 * ((i % 5) + 1) }
  return {
    jobId: `job-${String(i).padStart(3, "0")}`,
    jobName: `name-${i}`,
    status,
    taskType: taskTypes[i % taskTypes.length]!,
    ids: { media_id: `m${i}` },
    queue: `queue-${i % 2}`,
    definition: "def",
    region: regions[(i >> 1) % regions.length]!,
    attempts: 1,
    createdAt,
    since: createdAt + 5_000,
    durations,
    version,
    jobQueue: `arn:aws:batch:eu-west-1:1:job-queue/queue-${i % 2}`,
    jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/def:1",
    account: "1",
    parameters: {},
    command: ["run"],
    tags: {},
    history: [{ status, attempt: 1, at: createdAt + 5_000, eventId: `e-${i}-${version}`, late: false }],
    actions: [],
    raw: JSON.stringify({ i, version })
  }
}

const listAll = (rm: Jobs.JobReadModel["Service"], query: Jobs.JobQuery) =>
  Effect.gen(function* () {
    const out: Array<Jobs.JobSummary> = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = yield* rm.list({ ...query, ...(cursor === undefined ? {} : { cursor }) })
      assert.isAtMost(page.jobs.length, Jobs.pageSize(query.limit))
      out.push(...page.jobs)
      cursor = page.nextCursor
      pages++
      assert.isBelow(pages, 200, "pagination must end")
    } while (cursor !== undefined)
    return out
  })

/**
 * Runs `effect` on a clock that reads `time()` (epoch ms); sleeps stay real, so an adapter's retries still
 * wait. Retention is tested at chosen instants, on any store, on any date.
 */
export const atTime =
  (time: () => number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Clock.clockWith((real) =>
      Effect.provideService(effect, Clock.Clock, {
        currentTimeMillisUnsafe: () => time(),
        currentTimeMillis: Effect.sync(time),
        currentTimeNanosUnsafe: () => BigInt(time()) * 1_000_000n,
        currentTimeNanos: Effect.sync(() => BigInt(time()) * 1_000_000n),
        monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
        monotonicTimeNanos: real.monotonicTimeNanos,
        sleep: (duration) => real.sleep(duration)
      })
    )

/** The instant the contract's tests run at (ten days after the sample views), so they hold on any date. */
export const contractNow = t0 + 10 * day

/**
 * Runs the contract against a fresh store per test. `retentionDays`: the store's retention (days a
 * finished job is kept), tested when given; without it the store must keep every job.
 */
export const jobReadModelContract = (
  name: string,
  makeLayer: () => Layer.Layer<Jobs.JobReadModel>,
  options: { readonly jobs?: number; readonly retentionDays?: number } = {}
) => {
  const n = options.jobs ?? 40
  const run = <A, E>(program: Effect.Effect<A, E, Jobs.JobReadModel>, time: () => number = () => contractNow) =>
    Effect.runPromise(Effect.provide(program, makeLayer()).pipe(atTime(time)))
  const seed = Effect.gen(function* () {
    const rm = yield* Jobs.JobReadModel
    for (let i = 0; i < n; i++) yield* rm.upsert(sampleJobView(i, 1))
    for (let i = 0; i < n; i += 2) yield* rm.upsert(sampleJobView(i, 2))
    return rm
  })
  const finalViews = () => Array.from({ length: n }, (_, i) => sampleJobView(i, i % 2 === 0 ? 2 : 1))

  describe(`JobReadModel contract: ${name}`, () => {
    it("get returns the latest view; an older or equal version changes nothing", () =>
      run(
        Effect.gen(function* () {
          const rm = yield* Jobs.JobReadModel
          assert.strictEqual(yield* rm.upsert(sampleJobView(1, 2)), "written")
          assert.strictEqual(yield* rm.upsert(sampleJobView(1, 1)), "unchanged")
          assert.strictEqual(yield* rm.upsert(sampleJobView(1, 2)), "unchanged")
          assert.deepStrictEqual(yield* rm.get("job-001"), sampleJobView(1, 2))
          // a reprojection of the same version with other content (new rules) replaces the view and moves counters
          assert.strictEqual(yield* rm.upsert({ ...sampleJobView(1, 2), taskType: "Reclassified" }), "written")
          assert.deepStrictEqual(Object.keys((yield* rm.stats({})).byTaskType), ["Reclassified"])
          assert.strictEqual(yield* rm.upsert({ ...sampleJobView(1, 2), taskType: "Reclassified" }), "unchanged")
          assert.isUndefined(yield* rm.get("nope"))
          const stats = yield* rm.stats({})
          assert.strictEqual(stats.total, 1)
        })
      ))

    it("lists newest first, page by page, with every filter", () =>
      run(
        Effect.gen(function* () {
          const rm = yield* seed
          const all = finalViews().map(Jobs.toSummary)
          const queries: ReadonlyArray<Jobs.JobQuery> = [
            { limit: 7 },
            { statuses: ["RUNNABLE"], limit: 5 },
            { taskTypes: ["Storage"], limit: 4 },
            { queues: ["queue-1"], limit: 6 },
            { regions: ["us-east-1"], limit: 100 },
            { since: t0 + day, until: t0 + 3 * day - 1, limit: 3 },
            { statuses: ["RUNNABLE"], regions: ["eu-west-1"], since: t0 + day, limit: 2 },
            { taskTypes: ["Ingest"], until: t0 + 2 * day },
            // several values of one filter: any of them (the partitions of each value, merged)
            { statuses: ["FAILED", "SUCCEEDED", "RUNNING"], limit: 3 },
            { statuses: ["RUNNABLE", "FAILED"], taskTypes: ["Ingest", "Storage"], limit: 4 },
            { taskTypes: ["Storage", "Assembly (Zip Package)"], queues: ["queue-0"], regions: ["us-east-1"], limit: 2 },
            { regions: ["eu-west-1", "us-east-1"], since: t0 + day, limit: 6 },
            // a free-text search over job id and name, alone and with filters
            { search: "JOB-01", limit: 3 },
            { search: "name-2", statuses: ["RUNNABLE", "SUCCEEDED"] }
          ]
          for (const q of queries) {
            const expected = all.filter((j) => Jobs.matchesQuery(j, q)).sort(Jobs.compareNewestFirst)
            const got = yield* listAll(rm, q)
            assert.deepStrictEqual(
              got.map((j) => j.jobId),
              expected.map((j) => j.jobId),
              JSON.stringify(q)
            )
            assert.deepStrictEqual(got, expected)
          }
        })
      ))

    it("lists the members of one job (an array job's children), newest first", () =>
      run(
        Effect.gen(function* () {
          const rm = yield* seed
          const children = [0, 1, 2].map((index) => ({
            ...sampleJobView(100 + index, 2),
            jobId: `job-000:${index}`,
            shape: { kind: "array-child" as const, parentJobId: "job-000", index }
          }))
          for (const child of children) yield* rm.upsert(child)
          const members = yield* listAll(rm, { memberOf: "job-000", limit: 2 })
          assert.deepStrictEqual(
            members.map((j) => j.jobId),
            [...children]
              .map(Jobs.toSummary)
              .sort(Jobs.compareNewestFirst)
              .map((j) => j.jobId)
          )
          assert.deepStrictEqual(yield* listAll(rm, { memberOf: "job-001" }), [])
          // members are jobs too: they match the ordinary filters
          const found = yield* listAll(rm, { search: "job-000:" })
          assert.strictEqual(found.length, 3)
        })
      ))

    it("rejects a cursor it did not issue", () =>
      run(
        Effect.gen(function* () {
          const rm = yield* seed
          const error = yield* Effect.flip(rm.list({ cursor: "not-a-cursor" }))
          assert.strictEqual(error._tag, "InvalidCursor")
        })
      ))

    it("stats agree with counting the views, also for a day range", () =>
      run(
        Effect.gen(function* () {
          const rm = yield* seed
          const views = finalViews().map(Jobs.toSummary)
          const reference = (from?: number, to?: number) =>
            Jobs.computeStats(
              Jobs.applyDeltas(
                [],
                views
                  .filter(
                    (v) =>
                      (from === undefined || Jobs.dayOf(v.createdAt) >= Jobs.dayOf(from)) &&
                      (to === undefined || Jobs.dayOf(v.createdAt) <= Jobs.dayOf(to))
                  )
                  .flatMap((v) => Jobs.statsDelta(undefined, v))
              )
            )
          const all = yield* rm.stats({})
          assert.deepStrictEqual(all, reference())
          // listEvery reads every page of a filtered list: the dashboard's exact stats come from it
          const failed = yield* Jobs.listEvery({ statuses: ["FAILED"], regions: ["eu-west-1", "us-east-1"] })
          assert.deepStrictEqual(Jobs.statsOfJobs(failed), Jobs.statsOfJobs(views.filter((v) => v.status === "FAILED")))
          assert.strictEqual(all.total, n)
          const range = yield* rm.stats({ from: t0 + day, to: t0 + 2 * day })
          assert.deepStrictEqual(range, reference(t0 + day, t0 + 2 * day))
          assert.isBelow(range.total, n)
        })
      ))

    if (options.retentionDays === undefined) {
      it("keeps every job: nothing expires without a retention", () =>
        run(
          Effect.gen(function* () {
            const rm = yield* Jobs.JobReadModel
            const old = { ...sampleJobView(1, 2), status: "FAILED" as const }
            yield* rm.upsert(old)
            assert.strictEqual((yield* rm.stats({})).total, 1)
            assert.strictEqual((yield* rm.get(old.jobId))?.jobId, old.jobId)
          }),
          () => contractNow + 3_650 * day
        ))
    } else {
      const retentionMs = options.retentionDays * day
      it("a finished job past its retention is out of get, list and stats at once, before the store removes it", () => {
        let now = contractNow
        const job = (i: number, status: Jobs.BatchJobStatus, since: number, version = 2): Jobs.JobView => {
          const v = sampleJobView(i, version)
          return {
            ...v,
            status,
            createdAt: since - 3_600_000,
            since,
            history: [{ ...v.history[0]!, status, at: since }]
          }
        }
        const old = job(1, "FAILED", now - retentionMs - day) // expired when written
        const done = job(2, "SUCCEEDED", now - day) // expires in retention − 1 day
        const waiting = job(3, "RUNNABLE", now - 2 * retentionMs) // never: unfinished
        // an array child of the waiting job that finished with `done` (the sparse members index)
        const child: Jobs.JobView = {
          ...job(4, "SUCCEEDED", done.since),
          jobId: `${waiting.jobId}:0`,
          shape: { kind: "array-child", parentJobId: waiting.jobId, index: 0 }
        }
        const counts = (s: Jobs.JobStats) => [
          s.total,
          s.byStatus["FAILED"],
          s.byStatus["SUCCEEDED"],
          s.byStatus["RUNNABLE"]
        ]
        const ids = (page: Jobs.JobPage) => page.jobs.map((j) => j.jobId)
        return run(
          Effect.gen(function* () {
            const rm = yield* Jobs.JobReadModel
            for (const v of [old, done, waiting, child]) yield* rm.upsert(v)
            assert.deepStrictEqual(counts(yield* rm.stats({})), [3, 0, 2, 1])
            assert.isUndefined(yield* rm.get(old.jobId))
            assert.deepStrictEqual(ids(yield* rm.list({})), [child.jobId, done.jobId, waiting.jobId])
            assert.deepStrictEqual(ids(yield* rm.list({ statuses: ["FAILED"] })), [])
            // A second before its expiry a finished job still counts; a second after, nothing of it is read.
            now = done.since + retentionMs - 1_000
            assert.deepStrictEqual(counts(yield* rm.stats({})), [3, 0, 2, 1])
            assert.strictEqual((yield* rm.get(done.jobId))?.jobId, done.jobId)
            assert.deepStrictEqual(ids(yield* rm.list({ memberOf: waiting.jobId })), [child.jobId])
            now = done.since + retentionMs + 1_000
            // two readers at once take the expired counts out once
            const [a, b] = yield* Effect.all([rm.stats({}), rm.stats({})], { concurrency: "unbounded" })
            assert.deepStrictEqual(counts(a!), [1, 0, 0, 1])
            assert.deepStrictEqual(b, a)
            assert.strictEqual((yield* rm.stats({ from: done.createdAt, to: done.createdAt })).total, 0)
            assert.isUndefined(yield* rm.get(done.jobId))
            assert.deepStrictEqual(ids(yield* rm.list({})), [waiting.jobId])
            assert.deepStrictEqual(ids(yield* rm.list({ statuses: ["SUCCEEDED"] })), [])
            assert.deepStrictEqual(ids(yield* rm.list({ memberOf: waiting.jobId })), [])
            // A late update of an expired job (a replay, a reprojection) does not count it again.
            yield* rm.upsert({ ...old, version: 3 })
            yield* rm.upsert({ ...done, version: 3 })
            assert.deepStrictEqual(counts(yield* rm.stats({})), [1, 0, 0, 1])
            // A job that runs again (a retry of the same id) is unfinished: it counts again.
            yield* rm.upsert({ ...job(2, "RUNNING", now - 1_000), version: 4 })
            assert.deepStrictEqual(counts(yield* rm.stats({})), [2, 0, 0, 1])
            assert.deepStrictEqual(ids(yield* rm.list({ statuses: ["RUNNING"] })), [done.jobId])
          }),
          () => now
        )
      })
    }
  })
}
