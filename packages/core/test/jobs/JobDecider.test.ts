import { assert, describe, it } from "@effect/vitest"
import { Jobs, Kernel } from "@personalize-ops/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { deciderSpec } from "../../testing/index.ts"
import { decodeAll, lifecycle } from "./batchEvents.ts"

const observe = (event: Jobs.BatchJobStateChange): Jobs.JobCommand => ({
  _tag: "ObserveBatchEvent",
  event,
  raw: JSON.stringify(event)
})

const spec = deciderSpec(Jobs.jobDecider)

/** The events a job's stream holds once these Batch events were observed (what `given` starts from). */
const recorded = (changes: ReadonlyArray<Jobs.BatchJobStateChange>): ReadonlyArray<Jobs.JobEvent> => {
  const events: Array<Jobs.JobEvent> = []
  let state = Jobs.initialJobState
  for (const change of changes) {
    const decided = Jobs.decideJob(observe(change), state)
    if (Result.isFailure(decided)) throw decided.failure
    events.push(...decided.success)
    state = decided.success.reduce(Jobs.evolveJob, state)
  }
  return events
}

/** The state after these Batch events. */
const stateAfter = (changes: ReadonlyArray<Jobs.BatchJobStateChange>): Jobs.JobState =>
  Kernel.fold(Jobs.jobDecider, recorded(changes))

/** The one event a command decided, asserting there is exactly one. */
const single = (result: Result.Result<ReadonlyArray<Jobs.JobEvent>, unknown>): Jobs.JobEvent => {
  if (Result.isFailure(result)) throw new Error(`expected events, got ${String(result.failure)}`)
  assert.strictEqual(result.success.length, 1)
  return result.success[0]!
}

const job = decodeAll(lifecycle({ jobId: "j1" }), Jobs) // RUNNABLE, STARTING, RUNNING, SUCCEEDED
const [runnable, starting, running, succeeded] = job as [
  Jobs.BatchJobStateChange,
  Jobs.BatchJobStateChange,
  Jobs.BatchJobStateChange,
  Jobs.BatchJobStateChange
]

describe("job decider", () => {
  it("records the first observation of a job", () => {
    const e = single(spec.given([]).when(observe(runnable)).result)
    assert.strictEqual(e._tag, "JobStatusObserved")
    if (e._tag !== "JobStatusObserved") return
    assert.strictEqual(e.status, "RUNNABLE")
    assert.strictEqual(e.attempt, 1)
    assert.strictEqual(e.late, false)
    assert.strictEqual(e.region, "eu-west-1")
    assert.deepStrictEqual(e.command, ["run", "--media_id", "m-1"])
  })

  it("tolerates unknown extra fields and names the bad field otherwise", () => {
    const raw = lifecycle({ jobId: "x" })[0]!
    assert.isTrue(Result.isSuccess(Jobs.decodeBatchJobStateChange({ ...raw, extra: 1 })))
    const bad = Jobs.decodeBatchJobStateChange({ ...raw, detail: { ...(raw.detail as object), status: "DONE" } })
    assert.isTrue(Result.isFailure(bad))
    if (Result.isFailure(bad)) assert.strictEqual(bad.failure.path, "detail.status")
    const wrongType = Jobs.decodeBatchJobStateChange({ ...raw, "detail-type": "Batch Job Queue Blocked" })
    assert.isTrue(Result.isFailure(wrongType))
  })

  it("refuses, naming the field, what no job can hold: Date-range timestamps, ids with spaces, 500 KB names, deep JSON", () => {
    const raw = lifecycle({ jobId: "x" })[0]!
    const detail = raw.detail as Record<string, unknown>
    const refused = (event: unknown, text?: string) => {
      const r = Jobs.decodeBatchJobStateChange(event, text)
      return Result.isFailure(r) ? r.failure.message : "accepted"
    }
    assert.match(refused({ ...raw, detail: { ...detail, createdAt: 9e15 } }), /^detail\.createdAt: /)
    assert.match(refused({ ...raw, detail: { ...detail, stoppedAt: -9e15 } }), /^detail\.stoppedAt: /)
    assert.match(refused({ ...raw, time: "+275760-09-13T00:00:01Z" }), /^time: /)
    assert.match(refused({ ...raw, detail: { ...detail, jobId: "a b" } }), /^detail\.jobId: .*no spaces/)
    assert.match(refused({ ...raw, detail: { ...detail, jobName: "n".repeat(500_000) } }), /^detail\.jobName: /)
    const big = { ...raw, detail: { ...detail, statusReason: "r".repeat(300_000) } }
    assert.match(refused(big, JSON.stringify(big)), /EventBridge allows 262144/)
    const deep = { ...raw, detail: { ...detail, extra: JSON.parse("[".repeat(10_000) + "]".repeat(10_000)) } }
    assert.match(refused(deep), /^detail\.extra(\[0\])+: nested deeper than 64/)
    assert.strictEqual(refused({ ...raw, detail: { ...detail, jobId: "0a1b-2c:3", createdAt: 8.64e15 } }), "accepted")
  })

  it("uses epoch-ms detail timestamps for RUNNING and terminal, the ISO envelope time otherwise", () => {
    const state = stateAfter(job)
    const at = Object.fromEntries(state.history.map((h) => [h.status, h.at]))
    assert.strictEqual(at["RUNNING"], running.detail.startedAt)
    assert.strictEqual(at["SUCCEEDED"], succeeded.detail.stoppedAt)
    assert.strictEqual(at["STARTING"], Date.parse(starting.time))
  })

  it("a redelivery (same event id) is a no-op", () => {
    spec
      .given(recorded([runnable, starting]))
      .when(observe(starting))
      .thenNothing()
  })

  it("the same status and timestamps under another event id is a no-op", () => {
    spec
      .given(recorded([runnable, starting]))
      .when(observe({ ...starting, id: "other-id" }))
      .thenNothing()
  })

  it("a late RUNNING after SUCCEEDED is recorded as late and the job stays SUCCEEDED", () => {
    const when = spec.given(recorded([runnable, starting, succeeded])).when(observe(running))
    const late = single(when.result)
    assert.isTrue(late._tag === "JobStatusObserved" && late.late)
    const state = when.then([late])
    assert.strictEqual(Jobs.currentEntry(state)?.status, "SUCCEEDED")
    assert.deepStrictEqual(
      state.history.map((h) => [h.status, h.late]),
      [
        ["RUNNABLE", false],
        ["STARTING", false],
        ["RUNNING", true],
        ["SUCCEEDED", false]
      ]
    )
  })

  it("RUNNING → RUNNABLE on a retry is a legal transition that starts attempt 2", () => {
    const retried = decodeAll(lifecycle({ jobId: "r", retries: 1, outcome: "FAILED" }), Jobs)
    const state = stateAfter(retried.slice(0, 4)) // RUNNABLE, STARTING, RUNNING, RUNNABLE(retry)
    const current = Jobs.currentEntry(state)
    assert.strictEqual(current?.status, "RUNNABLE")
    assert.strictEqual(current?.attempt, 2)
    assert.isFalse(current?.late)
    const final = stateAfter(retried)
    assert.deepStrictEqual(
      final.history.map((h) => `${h.attempt}:${h.status}`),
      ["1:RUNNABLE", "1:STARTING", "1:RUNNING", "2:RUNNABLE", "2:STARTING", "2:RUNNING", "2:FAILED"]
    )
  })

  it("a late RUNNING of attempt 1 after the retry does not move the job back", () => {
    const retried = decodeAll(lifecycle({ jobId: "r", retries: 1 }), Jobs)
    // attempt-2 RUNNABLE before attempt-1 RUNNING
    const when = spec.given(recorded([retried[0]!, retried[1]!, retried[3]!])).when(observe(retried[2]!))
    const late = single(when.result)
    assert.isTrue(late._tag === "JobStatusObserved" && late.late)
    const state = when.then([late])
    assert.strictEqual(Jobs.currentEntry(state)?.attempt, 2)
  })

  it("rejects an event for another job", () => {
    const other = decodeAll(lifecycle({ jobId: "j2" }), Jobs)[0]!
    spec
      .given(recorded([runnable]))
      .when(observe(other))
      .thenError((e) => e._tag === "WrongJob")
  })

  it("records operator actions, and refuses them for unknown jobs", () => {
    const action: Jobs.JobCommand = {
      _tag: "RecordOperatorAction",
      jobId: "j1",
      action: "retry",
      actor: "alice",
      reason: "flaky",
      at: 5,
      outcome: "succeeded",
      newJobId: "j1-r1"
    }
    spec
      .given([])
      .when(action)
      .thenError((e) => e._tag === "JobNotFound")
    const recordedAction = {
      action: "retry",
      actor: "alice",
      reason: "flaky",
      at: 5,
      outcome: "succeeded",
      newJobId: "j1-r1"
    } as const
    const state = spec
      .given(recorded(job))
      .when(action)
      .then([{ _tag: "OperatorActionRecorded", ...recordedAction }])
    assert.deepStrictEqual(state.actions, [recordedAction])
  })

  it("per-phase durations follow documented transitions only", () => {
    const state = stateAfter(job)
    const d = Jobs.phaseDurations(state.history, runnable.detail.createdAt)
    assert.strictEqual(d.RUNNABLE, Date.parse(starting.time) - Date.parse(runnable.time))
    assert.strictEqual(d.STARTING, running.detail.startedAt! - Date.parse(starting.time))
    assert.strictEqual(d.RUNNING, succeeded.detail.stoppedAt! - running.detail.startedAt!)
    assert.strictEqual(d.total, succeeded.detail.stoppedAt! - runnable.detail.createdAt!)
    // STARTING never seen: RUNNABLE → RUNNING is not a documented transition, so RUNNABLE stays unknown
    const gap = Jobs.phaseDurations(stateAfter([runnable, running]).history)
    assert.isUndefined(gap.RUNNABLE)
  })

  it("the retry closes the RUNNING phase of the failed attempt", () => {
    const retried = decodeAll(lifecycle({ jobId: "r", retries: 1 }), Jobs)
    const d = Jobs.phaseDurations(stateAfter(retried).history)
    const run1 = Date.parse(retried[3]!.time) - retried[2]!.detail.startedAt!
    const run2 = retried[6]!.detail.stoppedAt! - retried[5]!.detail.startedAt!
    assert.strictEqual(d.RUNNING, run1 + run2)
  })

  it("stuck detection compares time in a non-terminal status with a threshold at a given now", () => {
    const thresholds = { default: 60_000, byStatus: { RUNNING: 3_600_000 } }
    assert.isUndefined(Jobs.stuckAt({ status: "RUNNABLE", since: 0 }, 60_000, thresholds))
    assert.deepStrictEqual(Jobs.stuckAt({ status: "RUNNABLE", since: 0 }, 60_001, thresholds), {
      status: "RUNNABLE",
      since: 0,
      forMs: 60_001,
      thresholdMs: 60_000
    })
    assert.isUndefined(Jobs.stuckAt({ status: "RUNNING", since: 0 }, 60_001, thresholds))
    assert.isUndefined(Jobs.stuckAt({ status: "FAILED", since: 0 }, 10 ** 12, thresholds))
  })

  it("the stream of a job is job-<id>", () => {
    assert.strictEqual(Jobs.jobStream("abc"), Kernel.streamId("job", "abc"))
  })
})

// Canonical view of a state: what must not depend on arrival order.
const canonical = (s: Jobs.JobState) => ({
  jobId: s.jobId,
  info: s.info,
  history: s.history.map(({ status, attempt, at, statusReason, exitCode }) => ({
    status,
    attempt,
    at,
    statusReason,
    exitCode
  })),
  current: Jobs.currentEntry(s)?.status,
  durations: Jobs.phaseDurations(s.history, s.info?.createdAt),
  // a same-content redelivery under another id may carry the raw event; its content is the same
  raw: s.raw === undefined ? undefined : JSON.parse(s.raw).detail
})

const foldAll = stateAfter

describe("job decider properties", () => {
  it("any permutation with duplicates of a job's events converges to the same state and history", () => {
    const scenario = fc.record({
      retries: fc.integer({ min: 0, max: 3 }),
      outcome: fc.constantFrom("SUCCEEDED", "FAILED", "RUNNING", "RUNNABLE") as fc.Arbitrary<
        "SUCCEEDED" | "FAILED" | "RUNNING" | "RUNNABLE"
      >
    })
    fc.assert(
      fc.property(
        scenario.chain((s) => {
          const events = decodeAll(lifecycle({ jobId: "p", ...s }), Jobs)
          const withDuplicates = fc
            .array(fc.constantFrom(...events), { maxLength: 6 })
            .map((dups) => [
              ...events,
              ...dups.map((d, i) => (i % 2 === 0 ? d : { ...d, id: `${d.id}-redelivered-${i}` }))
            ])
          return fc.tuple(
            fc.constant(events),
            withDuplicates.chain((all) => fc.shuffledSubarray(all, { minLength: all.length }))
          )
        }),
        ([inOrder, shuffled]) => {
          const expected = foldAll(inOrder)
          const actual = foldAll(shuffled)
          assert.deepStrictEqual(canonical(actual), canonical(expected))
          assert.strictEqual(actual.history.length, inOrder.length)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("job decider: what a job's state keeps", () => {
  it("a second report of the same attempt and status, timed differently, is a no-op", () => {
    const detail = running.detail
    spec
      .given(recorded([runnable, starting, running]))
      .when(observe({ ...running, id: "other-id", detail: { ...detail, startedAt: (detail.startedAt ?? 0) + 5_000 } }))
      .thenNothing()
  })

  it("a late observation changes neither the job's info nor its raw event", () => {
    const late = { ...running, detail: { ...running.detail, tags: { team: "late" } } }
    const state = stateAfter([runnable, starting, succeeded, late])
    assert.strictEqual(state.history.length, 4)
    assert.deepStrictEqual(state.info?.tags, { team: "media" })
    assert.strictEqual(state.raw, JSON.stringify(succeeded))
  })

  it("a delivery without the optional parts keeps those known from earlier ones", () => {
    const { parameters: _p, tags: _t, container: _c, createdAt: _a, ...bare } = starting.detail
    const state = stateAfter([runnable, { ...starting, detail: bare }])
    assert.deepStrictEqual(
      [state.info?.parameters, state.info?.tags, state.info?.command, state.info?.createdAt],
      [{ mode: "full" }, { team: "media" }, ["run", "--media_id", "m-1"], runnable.detail.createdAt]
    )
    assert.strictEqual(state.raw, JSON.stringify({ ...starting, detail: bare }))
  })
})
