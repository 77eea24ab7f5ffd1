// Operator actions and event ingestion against core's fakes (event store, read model, Batch): what is
// called, what is recorded on the job's stream, what the read model gets, and every refusal by its message.
import { assert, describe, it } from "@effect/vitest"
import { Jobs, Kernel } from "@personalize-ops/core"
import { Effect, Result } from "effect"
import { TestClock } from "effect/testing"
import { batchEvent, definitionArn, failedEvent, jobsWorld, queueArn } from "./fakeJobs.ts"

const created = Date.UTC(2026, 10, 20, 9)
const started = Date.UTC(2026, 10, 20, 9, 30)
const stopped = Date.UTC(2026, 10, 20, 10)

const request = (
  jobId: string,
  action: Jobs.JobAction,
  extra: Partial<Jobs.ActionRequest> = {}
): Jobs.ActionRequest => ({ jobId, action, actor: "ops@example.com", reason: "flaky host", ...extra })

describe("ingesting Batch events", () => {
  it.effect("a FAILED job is recorded and projected into the read model, field by field", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      const event = failedEvent("j1")
      const outcome = yield* Jobs.ingestBatchEvent(event, Jobs.emptyRules)
      const raw = JSON.stringify(event)
      const view: Jobs.JobView = {
        jobId: "j1",
        jobName: "train",
        status: "FAILED",
        statusReason: "Essential container in task exited",
        taskType: "Other",
        ids: {},
        queue: "train",
        definition: "train",
        region: "us-east-1",
        attempts: 1,
        createdAt: created,
        since: stopped,
        durations: { total: stopped - created },
        version: 1,
        shape: { kind: "container" },
        runTimeMillis: 30 * 60_000,
        startedAt: started,
        exitCode: 1,
        jobQueue: queueArn,
        jobDefinition: definitionArn,
        account: "123456789012",
        parameters: {},
        command: ["python", "train.py"],
        tags: {},
        history: [
          {
            status: "FAILED",
            attempt: 1,
            at: stopped,
            eventId: "event-j1-FAILED",
            late: false,
            statusReason: "Essential container in task exited",
            exitCode: 1
          }
        ],
        actions: [],
        raw
      }
      assert.deepStrictEqual(outcome, { jobId: "j1", recorded: true, late: false, view })
      assert.deepStrictEqual(world.readModel.views.get("j1"), view)
      assert.deepStrictEqual(Jobs.toSummary(view), {
        jobId: "j1",
        jobName: "train",
        status: "FAILED",
        statusReason: "Essential container in task exited",
        taskType: "Other",
        ids: {},
        queue: "train",
        definition: "train",
        region: "us-east-1",
        attempts: 1,
        createdAt: created,
        since: stopped,
        durations: { total: stopped - created },
        version: 1,
        shape: { kind: "container" },
        runTimeMillis: 30 * 60_000,
        startedAt: started,
        exitCode: 1
      })
      // The event's metadata: correlated to the Batch event, by the default actor.
      const stored = yield* world.store.read(Jobs.jobStream("j1"))
      assert.deepStrictEqual(
        stored.map((s) => [s.type, s.metadata.correlationId, s.metadata.actor]),
        [["JobStatusObserved", "event-j1-FAILED", "eventbridge"]]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a redelivery records nothing and re-projects the same version; a late event is flagged", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      const again = yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      assert.strictEqual(again.recorded, false)
      assert.strictEqual(again.late, false)
      assert.strictEqual(again.view?.version, 1)
      assert.strictEqual(world.readModel.upserts.length, 2)
      // A RUNNING that arrives after the job failed: recorded, late, the job stays FAILED.
      const late = yield* Jobs.ingestBatchEvent(
        batchEvent("j1", "RUNNING", { startedAt: started }, { time: "2026-11-20T09:30:00Z" }),
        Jobs.emptyRules
      )
      assert.deepStrictEqual(
        [late.recorded, late.late, late.view?.status, late.view?.version],
        [true, true, "FAILED", 2]
      )
      // RUNNING→FAILED is a documented transition: the late RUNNING measures 30 min of RUNNING.
      assert.deepStrictEqual(late.view?.durations, { RUNNING: 30 * 60_000, total: stopped - created })
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("an event that is not a Batch job state change is refused naming the field; nothing is stored", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      const bad = yield* Effect.flip(Jobs.ingestBatchEvent(batchEvent("has space", "FAILED"), Jobs.emptyRules))
      assert.strictEqual(bad._tag, "InvalidBatchEvent")
      assert.strictEqual(bad._tag === "InvalidBatchEvent" ? bad.path : "", "detail.jobId")
      const stored = yield* world.store.readAll({ after: 0 })
      assert.strictEqual(stored.events.length, 0)
      // The raw text given is the one held to EventBridge's limit (and stored), not a re-serialisation.
      const tooBig = yield* Effect.flip(
        Jobs.ingestBatchEvent(failedEvent("j2"), Jobs.emptyRules, "x".repeat(Jobs.BatchEventLimits.eventBytes + 1))
      )
      assert.strictEqual(tooBig.message, "the event is 262145 bytes; EventBridge allows 262144")
      const raw = `{"given": "as received"}`
      const ok = yield* Jobs.ingestBatchEvent(failedEvent("j2"), Jobs.emptyRules, raw)
      assert.strictEqual(ok.view?.raw, raw)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("reprojectJob rebuilds a view under new rules; an unknown job has none", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      const rules: Jobs.ClassificationRules = { taskTypes: [], defaultTaskType: "Training" }
      const view = yield* Jobs.reprojectJob("j1", rules)
      assert.strictEqual(view?.taskType, "Training")
      assert.strictEqual(view?.version, 1)
      assert.strictEqual(world.readModel.upserts.at(-1)?.taskType, "Training")
      assert.strictEqual(yield* Jobs.reprojectJob("nobody", rules), undefined)
      assert.strictEqual(world.readModel.upserts.length, 2)
    }).pipe(Effect.provide(world.layer))
  })
})

describe("operator actions", () => {
  it.effect("a retry resubmits the job as it was, records the claim and the outcome, and projects it", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1", { parameters: { mode: "full" } }), Jobs.emptyRules)
      yield* TestClock.setTime(5_000)
      const outcome = yield* Jobs.performAction(request("j1", "retry", { expectedVersion: 1 }), Jobs.emptyRules, {
        queues: [queueArn]
      })
      assert.deepStrictEqual(outcome, { jobId: "j1", action: "retry", newJobId: "j1-retry" })
      assert.deepStrictEqual(world.batch.calls, [
        {
          op: "retry",
          jobId: "j1",
          reason: "flaky host",
          job: {
            jobId: "j1",
            jobName: "train",
            jobQueue: queueArn,
            jobDefinition: definitionArn,
            parameters: { mode: "full" },
            shape: { kind: "container" }
          }
        }
      ])
      const stored = yield* world.store.read(Jobs.jobStream("j1"))
      assert.deepStrictEqual(
        stored.map((s) => [s.type, s.version, s.metadata.correlationId, s.metadata.actor, s.metadata.at]),
        [
          ["JobStatusObserved", 1, "event-j1-FAILED", "eventbridge", 0],
          ["OperatorActionRequested", 2, "retry-j1-5000", "ops@example.com", 5_000],
          ["OperatorActionRecorded", 3, "retry-j1-5000", "ops@example.com", 5_000]
        ]
      )
      assert.deepStrictEqual(
        stored.map((s) => s.data),
        [
          stored[0]!.data,
          {
            _tag: "OperatorActionRequested",
            action: "retry",
            actor: "ops@example.com",
            reason: "flaky host",
            at: 5_000
          },
          {
            action: "retry",
            actor: "ops@example.com",
            reason: "flaky host",
            at: 5_000,
            outcome: "succeeded",
            newJobId: "j1-retry",
            _tag: "OperatorActionRecorded"
          }
        ]
      )
      const view = world.readModel.views.get("j1")
      assert.strictEqual(view?.version, 3)
      assert.deepStrictEqual(view?.actions, [
        {
          action: "retry",
          actor: "ops@example.com",
          reason: "flaky host",
          at: 5_000,
          outcome: "succeeded",
          newJobId: "j1-retry"
        }
      ])
      assert.strictEqual(view?.broken, undefined)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a terminate stops the job with the reason; mark-broken calls nothing and shows who flagged it", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(batchEvent("j1", "RUNNING", { startedAt: started }), Jobs.emptyRules)
      const terminated = yield* Jobs.performAction(request("j1", "terminate"), Jobs.emptyRules)
      assert.deepStrictEqual(terminated, { jobId: "j1", action: "terminate" })
      assert.deepStrictEqual(world.batch.calls, [{ op: "terminate", jobId: "j1", reason: "flaky host" }])
      yield* TestClock.setTime(7_000)
      const marked = yield* Jobs.performAction(
        request("j1", "mark-broken", { reason: "bad input data" }),
        Jobs.emptyRules
      )
      assert.deepStrictEqual(marked, { jobId: "j1", action: "mark-broken" })
      assert.strictEqual(world.batch.calls.length, 1)
      const view = world.readModel.views.get("j1")
      assert.deepStrictEqual(view?.broken, { actor: "ops@example.com", reason: "bad input data", at: 7_000 })
      assert.deepStrictEqual(
        view?.actions.map((a) => [a.action, a.outcome, a.newJobId]),
        [
          ["terminate", "succeeded", undefined],
          ["mark-broken", "succeeded", undefined]
        ]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a failed Batch call is recorded as failed with its error, then reported", () => {
    const world = jobsWorld({ batchFails: "queue disabled" })
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      const error = yield* Effect.flip(Jobs.performAction(request("j1", "retry"), Jobs.emptyRules))
      assert.strictEqual(error._tag, "BatchActionFailed")
      assert.strictEqual(error.message, "retry of job j1 failed: queue disabled")
      const view = world.readModel.views.get("j1")
      assert.deepStrictEqual(view?.actions, [
        {
          action: "retry",
          actor: "ops@example.com",
          reason: "flaky host",
          at: 0,
          outcome: "failed",
          error: "queue disabled"
        }
      ])
      // The claim is released by the record: a second try is not "in progress".
      const second = yield* Effect.flip(Jobs.performAction(request("j1", "retry"), Jobs.emptyRules))
      assert.strictEqual(second._tag, "BatchActionFailed")
      assert.strictEqual(world.batch.calls.length, 2)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("refusals, each before Batch is called, each with its message", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      yield* Jobs.ingestBatchEvent(batchEvent("j2", "RUNNING", { startedAt: started }), Jobs.emptyRules)
      yield* Jobs.ingestBatchEvent(
        failedEvent("p1:3", { arrayProperties: { index: 3 }, jobName: "child" }),
        Jobs.emptyRules
      )
      yield* Jobs.ingestBatchEvent(
        failedEvent("m1#2", { nodeDetails: { nodeIndex: 2, isMainNode: false } }),
        Jobs.emptyRules
      )
      const refused = (r: Jobs.ActionRequest, policy?: Jobs.ActionPolicy) =>
        Effect.flip(Jobs.performAction(r, Jobs.emptyRules, policy)).pipe(Effect.map((e) => [e._tag, e.message]))
      assert.deepStrictEqual(yield* refused(request("nobody", "retry")), ["JobNotFound", "job nobody is unknown"])
      assert.deepStrictEqual(
        yield* refused(request("j1", "retry"), { queues: ["arn:aws:batch:us-east-1:123456789012:job-queue/other"] }),
        ["QueueNotAllowed", `job j1 is in queue ${queueArn}, where actions are not allowed`]
      )
      assert.deepStrictEqual(yield* refused(request("j1", "retry", { expectedVersion: 2 })), [
        "StaleConfirmation",
        "job j1 changed since the action was confirmed (version 2 → 1)"
      ])
      assert.deepStrictEqual(yield* refused(request("j1", "terminate")), [
        "ActionNotAllowed",
        "cannot terminate job j1: it is FAILED"
      ])
      assert.deepStrictEqual(yield* refused(request("j2", "retry")), [
        "ActionNotAllowed",
        "cannot retry job j2: it is RUNNING"
      ])
      assert.deepStrictEqual(yield* refused(request("p1:3", "retry")), [
        "RetryRefused",
        "cannot retry job p1:3: p1:3 is child 3 of array job p1; Batch cannot resubmit one child: retry p1"
      ])
      assert.deepStrictEqual(yield* refused(request("m1#2", "retry")), [
        "RetryRefused",
        "cannot retry job m1#2: m1#2 is node 2 of multi-node job m1; Batch cannot resubmit one node: retry m1"
      ])
      assert.deepStrictEqual(world.batch.calls, [])
      // No refusal wrote to a stream: each job holds only its observation.
      const all = yield* world.store.readAll({ after: 0 })
      assert.deepStrictEqual(
        all.events.map((e) => e.type),
        ["JobStatusObserved", "JobStatusObserved", "JobStatusObserved", "JobStatusObserved"]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a claim not yet recorded blocks other actions for five minutes, then lapses", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      const claim = Jobs.OperatorActionRequested.make({ action: "retry", actor: "other", reason: "r", at: 1_000 })
      yield* world.store.append(
        Jobs.jobStream("j1"),
        [Kernel.encodeEvent(Jobs.jobEventCodec, claim, { at: 1_000, correlationId: "c", actor: "other" })],
        1
      )
      yield* TestClock.setTime(1_000 + Jobs.actionClaimTimeoutMs - 1)
      const blocked = yield* Effect.flip(Jobs.performAction(request("j1", "mark-broken"), Jobs.emptyRules))
      assert.strictEqual(blocked._tag, "ActionInProgress")
      assert.strictEqual(blocked.message, "a retry of job j1 is under way: reload the job")
      yield* TestClock.setTime(1_000 + Jobs.actionClaimTimeoutMs)
      const done = yield* Jobs.performAction(request("j1", "mark-broken"), Jobs.emptyRules)
      assert.deepStrictEqual(done, { jobId: "j1", action: "mark-broken" })
      assert.strictEqual(Jobs.actionClaimTimeoutMs, 300_000)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a claim that conflicts with another writer is a stale confirmation naming both versions", () => {
    let conflicts = 0
    const world = jobsWorld({
      wrapStore: (store) =>
        Kernel.EventStore.of({
          ...store,
          append: (stream, events, expected) =>
            events[0]?.type === "OperatorActionRequested" && conflicts++ === 0
              ? Effect.fail(new Kernel.VersionConflict({ stream, expected, actual: 4 }))
              : store.append(stream, events, expected)
        })
    })
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(failedEvent("j1"), Jobs.emptyRules)
      const stale = yield* Effect.flip(Jobs.performAction(request("j1", "retry"), Jobs.emptyRules))
      assert.strictEqual(stale._tag, "StaleConfirmation")
      assert.strictEqual(stale.message, "job j1 changed since the action was confirmed (version 1 → 4)")
      assert.deepStrictEqual(world.batch.calls, [])
    }).pipe(Effect.provide(world.layer))
  })
})

describe("which actions a status allows", () => {
  const statuses = Jobs.batchJobStatuses
  it.each([
    ["retry", ["SUCCEEDED", "FAILED"]],
    ["terminate", ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"]],
    ["mark-broken", [...statuses]]
  ] as const)("%s: allowed in %j only", (action, allowed) => {
    assert.deepStrictEqual(
      statuses.filter((s) => Jobs.actionAllowed(action, s)),
      [...allowed]
    )
  })
})

describe("retry shapes", () => {
  it("each job shape resubmits as SubmitJob takes it; a child or node alone is refused", () => {
    const ok = (shape: Jobs.JobShape | undefined) => Result.getOrThrow(Jobs.retryShape("j", shape))
    assert.deepStrictEqual(ok(undefined), { kind: "container" })
    assert.deepStrictEqual(ok({ kind: "container" }), { kind: "container" })
    assert.deepStrictEqual(ok({ kind: "array", size: 10, statusSummary: { FAILED: 2 } }), { kind: "array", size: 10 })
    assert.deepStrictEqual(ok({ kind: "multi-node", numNodes: 4, mainNode: 0, nodeRanges: ["0:0", "1:"] }), {
      kind: "multi-node",
      numNodes: 4,
      nodeRanges: ["0:0", "1:"]
    })
    assert.deepStrictEqual(ok({ kind: "ecs", containers: [{ name: "main", exitCode: 1 }, { exitCode: 0 }] }), {
      kind: "ecs",
      containers: ["main", ""]
    })
    assert.deepStrictEqual(ok({ kind: "eks", podName: "p", containers: [{ name: "a" }] }), {
      kind: "eks",
      containers: ["a"]
    })
  })
})

describe("actions on jobs of every shape", () => {
  it.effect("terminate and mark-broken act on an array child (only a retry needs a shape Batch can resubmit)", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      yield* Jobs.ingestBatchEvent(
        batchEvent("p1:3", "RUNNING", { arrayProperties: { index: 3 }, startedAt: started }),
        Jobs.emptyRules
      )
      assert.deepStrictEqual(yield* Jobs.performAction(request("p1:3", "terminate"), Jobs.emptyRules), {
        jobId: "p1:3",
        action: "terminate"
      })
      assert.deepStrictEqual(yield* Jobs.performAction(request("p1:3", "mark-broken"), Jobs.emptyRules), {
        jobId: "p1:3",
        action: "mark-broken"
      })
      assert.deepStrictEqual(world.batch.calls, [{ op: "terminate", jobId: "p1:3", reason: "flaky host" }])
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a job recorded before shapes were kept is retried without a shape", () => {
    const world = jobsWorld()
    return Effect.gen(function* () {
      const event = Result.getOrThrow(Jobs.decodeBatchJobStateChange(failedEvent("old")))
      const decided = Result.getOrThrow(
        Jobs.decideJob({ _tag: "ObserveBatchEvent", event, raw: "{}" }, Jobs.initialJobState)
      )
      const { shape: _, ...withoutShape } = decided[0] as Jobs.JobStatusObserved
      yield* world.store.append(
        Jobs.jobStream("old"),
        [
          Kernel.encodeEvent(Jobs.jobEventCodec, withoutShape as Jobs.JobEvent, {
            at: 0,
            correlationId: "c",
            actor: "a"
          })
        ],
        0
      )
      yield* Jobs.performAction(request("old", "retry"), Jobs.emptyRules)
      assert.deepStrictEqual(world.batch.calls, [
        {
          op: "retry",
          jobId: "old",
          reason: "flaky host",
          job: { jobId: "old", jobName: "train", jobQueue: queueArn, jobDefinition: definitionArn, parameters: {} }
        }
      ])
    }).pipe(Effect.provide(world.layer))
  })
})
