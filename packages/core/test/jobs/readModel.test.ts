// The read model's pure rules (expiry, paging, order, query) and the job shapes a Batch event describes,
// each at its bounds.
import { assert, describe, it } from "@effect/vitest"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Result } from "effect"
import { batchEvent } from "./fakeJobs.ts"

/** A Batch event without `detail.createdAt` (Batch leaves it out of some deliveries). */
const withoutCreatedAt = (event: ReturnType<typeof batchEvent>) => {
  const { createdAt: _, ...detail } = event.detail
  return { ...event, detail }
}

const summary = (jobId: string, createdAt: number, extra: Partial<Jobs.JobSummary> = {}): Jobs.JobSummary => ({
  jobId,
  jobName: `name-${jobId}`,
  status: "RUNNING",
  taskType: "Other",
  ids: {},
  queue: "q",
  definition: "d",
  region: "us-east-1",
  attempts: 1,
  createdAt,
  since: createdAt,
  durations: {},
  version: 1,
  ...extra
})

describe("expiry (DynamoDB TTL)", () => {
  it("a finished job expires retention after it finished, in whole epoch seconds; an unfinished one never", () => {
    const day = 86_400_000
    assert.strictEqual(Jobs.expirySeconds({ status: "SUCCEEDED", since: 1_999 }, day), 86_401)
    assert.strictEqual(Jobs.expirySeconds({ status: "FAILED", since: 0 }, day), 86_400)
    for (const status of ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"] as const)
      assert.strictEqual(Jobs.expirySeconds({ status, since: 0 }, day), undefined)
    assert.strictEqual(Jobs.defaultRetentionDays, 90)
  })

  it("an item is expired once its expiry second is before the current second", () => {
    assert.strictEqual(Jobs.isExpiredAt(undefined, 1e15), false)
    assert.strictEqual(Jobs.isExpiredAt(100, 100_999), false) // same second
    assert.strictEqual(Jobs.isExpiredAt(100, 101_000), true)
    assert.strictEqual(Jobs.isExpiredAt(100, 99_000), false)
  })
})

describe("paging and order", () => {
  it("page sizes are clamped to 1-100, fractions floored, 20 by default", () => {
    assert.deepStrictEqual(
      [undefined, 0, -5, 1, 1.9, 20, 99.5, 100, 101, 1e9].map(Jobs.pageSize),
      [20, 1, 1, 1, 1, 20, 99, 100, 100, 100]
    )
    assert.deepStrictEqual([Jobs.maxPageSize, Jobs.defaultPageSize], [100, 20])
  })

  it("newest first; equal times by job id descending; a job equals itself", () => {
    const a = summary("a", 10)
    const b = summary("b", 10)
    const c = summary("c", 20)
    assert.deepStrictEqual(
      [a, c, b].sort(Jobs.compareNewestFirst).map((j) => j.jobId),
      ["c", "b", "a"]
    )
    assert.strictEqual(Jobs.compareNewestFirst(a, b), 1)
    assert.strictEqual(Jobs.compareNewestFirst(b, a), -1)
    assert.strictEqual(Jobs.compareNewestFirst(a, a), 0)
    assert.strictEqual(Jobs.compareNewestFirst(c, a), -10)
  })

  it("a query filters like the dashboard and, with memberOf, keeps only that job's children or nodes", () => {
    const parent = summary("p", 1, { shape: { kind: "array", size: 2, statusSummary: {} } })
    const child = summary("p:0", 1, { shape: { kind: "array-child", parentJobId: "p", index: 0 } })
    const node = summary("m#1", 1, { shape: { kind: "node", mainJobId: "m", nodeIndex: 1, isMainNode: false } })
    const jobs = [parent, child, node]
    assert.deepStrictEqual(
      jobs.filter((j) => Jobs.matchesQuery(j, {})).map((j) => j.jobId),
      ["p", "p:0", "m#1"]
    )
    assert.deepStrictEqual(
      jobs.filter((j) => Jobs.matchesQuery(j, { memberOf: "p" })).map((j) => j.jobId),
      ["p:0"]
    )
    assert.deepStrictEqual(
      jobs.filter((j) => Jobs.matchesQuery(j, { memberOf: "m" })).map((j) => j.jobId),
      ["m#1"]
    )
    assert.deepStrictEqual(
      jobs.filter((j) => Jobs.matchesQuery(j, { memberOf: "p", statuses: ["FAILED"] })).map((j) => j.jobId),
      []
    )
  })

  it.effect("listEvery reads every page at the largest page size, passing each cursor on", () => {
    const asked: Array<Jobs.JobQuery> = []
    const pages: Record<string, Jobs.JobPage> = {
      start: { jobs: [summary("a", 3), summary("b", 2)], nextCursor: "c1" },
      c1: { jobs: [], nextCursor: "c2" },
      c2: { jobs: [summary("c", 1)] }
    }
    const rm = Jobs.JobReadModel.of({
      upsert: () => Effect.die("unused"),
      get: () => Effect.die("unused"),
      stats: () => Effect.die("unused"),
      list: (q) =>
        Effect.sync(() => {
          asked.push(q)
          return pages[q.cursor ?? "start"]!
        })
    })
    return Effect.gen(function* () {
      const jobs = yield* Jobs.listEvery({ statuses: ["RUNNING"], limit: 5 })
      assert.deepStrictEqual(
        jobs.map((j) => j.jobId),
        ["a", "b", "c"]
      )
      assert.deepStrictEqual(asked, [
        { statuses: ["RUNNING"], limit: 100 },
        { statuses: ["RUNNING"], limit: 100, cursor: "c1" },
        { statuses: ["RUNNING"], limit: 100, cursor: "c2" }
      ])
    }).pipe(Effect.provide(Layer.succeed(Jobs.JobReadModel, rm)))
  })

  it("the read model's errors say what failed", () => {
    assert.strictEqual(
      new Jobs.ReadModelFailure({ operation: "upsert", cause: new Error("x") }).message,
      "job read model: upsert failed"
    )
    assert.strictEqual(new Jobs.InvalidCursor({ cursor: "zz" }).message, "invalid page cursor")
    assert.strictEqual(
      new Jobs.WrongJob({ expected: "a", actual: "b" }).message,
      "event for job b sent to the stream of job a"
    )
  })
})

const decide = (raw: Record<string, unknown>) => {
  const event = Result.getOrThrow(Jobs.decodeBatchJobStateChange(raw))
  const decided = Result.getOrThrow(
    Jobs.decideJob({ _tag: "ObserveBatchEvent", event, raw: JSON.stringify(raw) }, Jobs.initialJobState)
  )
  const e = decided[0]!
  if (e._tag !== "JobStatusObserved") throw new Error(e._tag)
  return e
}

describe("job shapes from Batch's JobDetail", () => {
  it.each([
    ["a plain container job", {}, { kind: "container" }],
    [
      "an array parent (its summary, or none yet)",
      { arrayProperties: { size: 3, statusSummary: { SUCCEEDED: 1 } } },
      { kind: "array", size: 3, statusSummary: { SUCCEEDED: 1 } }
    ],
    [
      "an array parent before its summary",
      { arrayProperties: { size: 3 } },
      { kind: "array", size: 3, statusSummary: {} }
    ],
    [
      "an array child",
      { jobId: "abc:def:2", arrayProperties: { index: 2 } },
      { kind: "array-child", parentJobId: "abc:def", index: 2 }
    ],
    [
      "a node of a multi-node job",
      { jobId: "abc#3", nodeDetails: { nodeIndex: 3, isMainNode: true } },
      { kind: "node", mainJobId: "abc", nodeIndex: 3, isMainNode: true }
    ],
    [
      "a node without isMainNode",
      { jobId: "abc#0", nodeDetails: { nodeIndex: 0 } },
      { kind: "node", mainJobId: "abc", nodeIndex: 0, isMainNode: false }
    ],
    [
      "a node id without #",
      { jobId: "abc", nodeDetails: { nodeIndex: 0 } },
      { kind: "node", mainJobId: "abc", nodeIndex: 0, isMainNode: false }
    ],
    [
      "a multi-node job",
      {
        nodeProperties: {
          numNodes: 4,
          mainNode: 0,
          nodeRangeProperties: [{ targetNodes: "0:0" }, { targetNodes: "1:" }]
        }
      },
      { kind: "multi-node", numNodes: 4, mainNode: 0, nodeRanges: ["0:0", "1:"] }
    ],
    [
      "a multi-node job without ranges",
      { nodeProperties: { numNodes: 2, mainNode: 1 } },
      { kind: "multi-node", numNodes: 2, mainNode: 1, nodeRanges: [] }
    ],
    [
      "an EKS pod",
      {
        eksProperties: {
          podProperties: {
            podName: "pod-1",
            nodeName: "ip-10-0-0-1",
            containers: [{ name: "main", image: "i", exitCode: 137, reason: "OOMKilled", logStreamName: "ls" }]
          }
        }
      },
      {
        kind: "eks",
        podName: "pod-1",
        nodeName: "ip-10-0-0-1",
        containers: [{ name: "main", exitCode: 137, reason: "OOMKilled", logStreamName: "ls" }]
      }
    ],
    ["an EKS pod with nothing known", { eksProperties: { podProperties: {} } }, { kind: "eks", containers: [] }],
    [
      "an ECS task (its first task's containers)",
      {
        ecsProperties: {
          taskProperties: [{ containers: [{ name: "a" }, { exitCode: 0 }] }, { containers: [{ name: "z" }] }]
        }
      },
      { kind: "ecs", containers: [{ name: "a" }, { exitCode: 0 }] }
    ],
    ["an ECS task without containers", { ecsProperties: { taskProperties: [{}] } }, { kind: "ecs", containers: [] }],
    ["ECS properties without a task", { ecsProperties: { taskProperties: [] } }, { kind: "container" }]
  ] as const)("%s", (_, detail, shape) => {
    assert.deepStrictEqual(decide(batchEvent("abc", "RUNNING", detail)).shape, shape)
  })

  it("ECS and EKS: the first non-zero container exit is the job's, with its reason; else the first exit and log", () => {
    const ecs = (containers: ReadonlyArray<Record<string, unknown>>) =>
      decide(batchEvent("j", "FAILED", { ecsProperties: { taskProperties: [{ containers }] } }))
    const failed = ecs([
      { name: "ok", exitCode: 0, logStreamName: "log-ok" },
      { name: "bad", exitCode: 2, reason: "OutOfMemoryError: Container killed due to memory usage" },
      { name: "worse", exitCode: 3, reason: "other" }
    ])
    assert.deepStrictEqual(
      [failed.exitCode, failed.containerReason, failed.logStreamName],
      [2, "OutOfMemoryError: Container killed due to memory usage", "log-ok"]
    )
    const allZero = ecs([{ name: "a" }, { name: "b", exitCode: 0, logStreamName: "b-log" }])
    assert.deepStrictEqual([allZero.exitCode, allZero.containerReason, allZero.logStreamName], [0, undefined, "b-log"])
    // The job's own container, then its last attempt's, come before the task's containers.
    const own = decide(
      batchEvent("j", "FAILED", {
        container: { exitCode: 9, reason: "own", logStreamName: "own-log" },
        attempts: [{ container: { exitCode: 8, reason: "attempt", logStreamName: "attempt-log" } }],
        ecsProperties: { taskProperties: [{ containers: [{ exitCode: 7, reason: "task", logStreamName: "t" }] }] }
      })
    )
    assert.deepStrictEqual([own.exitCode, own.containerReason, own.logStreamName], [9, "own", "own-log"])
    const attempt = decide(
      batchEvent("j", "FAILED", {
        attempts: [
          { container: { exitCode: 1, reason: "first" }, statusReason: "first attempt" },
          { container: { exitCode: 8, reason: "attempt", logStreamName: "attempt-log" }, statusReason: "last attempt" }
        ]
      })
    )
    assert.deepStrictEqual(
      [attempt.exitCode, attempt.containerReason, attempt.logStreamName, attempt.statusReason, attempt.attempt],
      [8, "attempt", "attempt-log", "last attempt", 2]
    )
  })

  it("a running job's exit code and its attempts' reasons are not the job's", () => {
    const running = decide(
      batchEvent("j", "RUNNING", {
        container: { exitCode: 3 },
        attempts: [{ container: { exitCode: 1 }, statusReason: "first attempt" }]
      })
    )
    assert.deepStrictEqual([running.exitCode, running.statusReason, running.attempt], [undefined, undefined, 2])
  })

  it("a raw event is kept whole up to the limit and cut there", () => {
    const event = Result.getOrThrow(Jobs.decodeBatchJobStateChange(batchEvent("j", "RUNNING")))
    const raw = (text: string) => {
      const e = Result.getOrThrow(
        Jobs.decideJob({ _tag: "ObserveBatchEvent", event, raw: text }, Jobs.initialJobState)
      )[0]!
      return e._tag === "JobStatusObserved" ? e.raw : ""
    }
    const exact = "r".repeat(Jobs.rawEventLimit)
    assert.strictEqual(raw(exact), exact)
    assert.strictEqual(raw(`${exact}!`), exact)
    assert.strictEqual(Jobs.rawEventLimit, 16_384)
  })
})

describe("Batch event fields", () => {
  it("the resource name of an ARN; job definitions lose their revision", () => {
    assert.deepStrictEqual(
      [
        "arn:aws:batch:us-east-1:1:job-queue/train",
        "arn:aws:batch:us-east-1:1:job-definition/train:12",
        "arn:aws:batch:us-east-1:1:job-queue/train:12",
        "plain",
        "arn:aws:batch:us-east-1:1:job-definition/a/b:3"
      ].map(Jobs.arnName),
      ["train", "train", "train:12", "plain", "b"]
    )
  })

  it("the attempt of an event: finished attempts + 1 while running, the last finished one when terminal", () => {
    const detail = (status: Jobs.BatchJobStatus, attempts: number) =>
      Result.getOrThrow(
        Jobs.decodeBatchJobStateChange(
          batchEvent("j", status, { attempts: Array.from({ length: attempts }, () => ({})) })
        )
      ).detail
    assert.deepStrictEqual(
      [
        detail("RUNNABLE", 0),
        detail("RUNNING", 2),
        detail("SUCCEEDED", 0),
        detail("FAILED", 1),
        detail("FAILED", 3)
      ].map(Jobs.attemptOf),
      [1, 3, 1, 1, 3]
    )
  })

  it("when a status was entered: startedAt for RUNNING, stoppedAt when terminal, the envelope time otherwise", () => {
    const at = (status: Jobs.BatchJobStatus, detail: Record<string, unknown>) =>
      Jobs.statusEnteredAt(Result.getOrThrow(Jobs.decodeBatchJobStateChange(batchEvent("j", status, detail))))
    const envelope = Date.UTC(2026, 10, 20, 10)
    assert.deepStrictEqual(
      [
        at("RUNNING", { startedAt: 5, stoppedAt: 6 }),
        at("RUNNING", {}),
        at("SUCCEEDED", { startedAt: 5, stoppedAt: 6 }),
        at("FAILED", { startedAt: 5 }),
        at("STARTING", { startedAt: 5, stoppedAt: 6 })
      ],
      [5, envelope, 6, envelope, envelope]
    )
  })

  it("an observation's key joins status, detail times and the attempt count", () => {
    const key = (detail: Record<string, unknown>) =>
      Jobs.observationKey(Result.getOrThrow(Jobs.decodeBatchJobStateChange(batchEvent("j", "FAILED", detail))).detail)
    assert.strictEqual(key({ createdAt: 1, startedAt: 2, stoppedAt: 3, attempts: [{}, {}] }), "FAILED|1|2|3|2")
    const bare = Result.getOrThrow(Jobs.decodeBatchJobStateChange(withoutCreatedAt(batchEvent("j", "RUNNING"))))
    assert.strictEqual(Jobs.observationKey(bare.detail), "RUNNING||||0")
  })

  it("the event size limit counts UTF-8 bytes: 2 for é, 3 for €, 4 for a surrogate pair, 3 for a lone surrogate", () => {
    const limit = Jobs.BatchEventLimits.eventBytes
    const check = (raw: string) => {
      const r = Jobs.decodeBatchJobStateChange(batchEvent("j", "RUNNING"), raw)
      return Result.isFailure(r) ? r.failure.message : "ok"
    }
    const over = (bytes: number) => `the event is ${bytes} bytes; EventBridge allows ${limit}`
    assert.strictEqual(check("a".repeat(limit)), "ok")
    assert.strictEqual(check("a".repeat(limit + 1)), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 2)}é`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 1)}é`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 2)}\u07ff`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 2)}\u0800`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 3)}€`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 2)}€`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 4)}😀`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 3)}😀`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 3)}\ud83d`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 2)}\ud83d`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 3)}\udc00`), "ok")
    assert.strictEqual(check(`${"a".repeat(limit - 2)}\udbff`), over(limit + 1))
    assert.strictEqual(check(`${"a".repeat(limit - 2)}\ud7ff`), over(limit + 1))
  })

  it("a bad event names the first bad field; an error without a path is its reason alone", () => {
    const fail = (raw: unknown) => {
      const r = Jobs.decodeBatchJobStateChange(raw)
      return Result.isFailure(r) ? [r.failure.path, r.failure.message] : ["ok"]
    }
    assert.deepStrictEqual(fail(batchEvent("j", "RUNNING", { createdAt: 8.64e15 })), ["ok"])
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { createdAt: 8.64e15 + 1 }))[0], "detail.createdAt")
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { startedAt: -8.64e15 - 1 }))[0], "detail.startedAt")
    assert.deepStrictEqual(fail(batchEvent("j", "RUNNING", { jobName: "n".repeat(128) })), ["ok"])
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { jobName: "n".repeat(129) }))[0], "detail.jobName")
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { jobName: "" }))[0], "detail.jobName")
    assert.deepStrictEqual(fail(batchEvent("j".repeat(128), "RUNNING")), ["ok"])
    assert.strictEqual(fail(batchEvent("j".repeat(129), "RUNNING"))[0], "detail.jobId")
    assert.strictEqual(fail(batchEvent("-j", "RUNNING"))[0], "detail.jobId")
    assert.deepStrictEqual(fail(batchEvent("a1:b#c._-", "RUNNING")), ["ok"])
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { jobQueue: "q".repeat(2049) }))[0], "detail.jobQueue")
    assert.strictEqual(fail(batchEvent("j", "RUNNING", { jobDefinition: "" }))[0], "detail.jobDefinition")
    assert.strictEqual(fail(batchEvent("j", "RUNNING", {}, { time: "yesterday" }))[0], "time")
    assert.strictEqual(fail(batchEvent("j", "RUNNING", {}, { id: "" }))[0], "id")
    assert.strictEqual(new Jobs.InvalidBatchEvent({ path: "", reason: "too big" }).message, "too big")
    assert.strictEqual(new Jobs.InvalidBatchEvent({ path: "detail.jobId", reason: "bad" }).message, "detail.jobId: bad")
  })
})

describe("job views", () => {
  const view = (events: ReadonlyArray<Record<string, unknown>>) => {
    let state = Jobs.initialJobState
    for (const raw of events) {
      const event = Result.getOrThrow(Jobs.decodeBatchJobStateChange(raw))
      const decided = Result.getOrThrow(Jobs.decideJob({ _tag: "ObserveBatchEvent", event, raw: "{}" }, state))
      state = decided.reduce(Jobs.evolveJob, state)
    }
    return Jobs.projectJob(state, events.length, Jobs.emptyRules)
  }

  it("no view before the first observation", () => {
    assert.strictEqual(Jobs.projectJob(Jobs.initialJobState, 0, Jobs.emptyRules), undefined)
  })

  it("run time needs both times in order; a zero-length run counts", () => {
    assert.strictEqual(view([batchEvent("j", "SUCCEEDED", { startedAt: 10, stoppedAt: 10 })])?.runTimeMillis, 0)
    assert.strictEqual(view([batchEvent("j", "SUCCEEDED", { startedAt: 10, stoppedAt: 9 })])?.runTimeMillis, undefined)
    assert.strictEqual(view([batchEvent("j", "SUCCEEDED", { stoppedAt: 9 })])?.runTimeMillis, undefined)
    assert.strictEqual(view([batchEvent("j", "RUNNING", { startedAt: 9 })])?.runTimeMillis, undefined)
  })

  it("a failure kind only for a FAILED job, from its reason or its container's", () => {
    const oom = { container: { reason: "OutOfMemoryError: Container killed due to memory usage" } }
    assert.strictEqual(view([batchEvent("j", "FAILED", oom)])?.failureKind, "out-of-memory")
    assert.strictEqual(view([batchEvent("j", "SUCCEEDED", oom)])?.failureKind, undefined)
    assert.strictEqual(
      view([batchEvent("j", "FAILED", { statusReason: "Host EC2 (instance i-0abc) terminated." })])?.failureKind,
      "spot-reclaim"
    )
  })

  it("without a creation time the first observation is the submission time", () => {
    const v = view([withoutCreatedAt(batchEvent("j", "RUNNABLE"))])
    assert.strictEqual(v?.createdAt, Date.UTC(2026, 10, 20, 10))
    assert.deepStrictEqual([v?.command, v?.tags, v?.parameters, v?.raw], [[], {}, {}, "{}"])
  })
})
