import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, References } from "effect"
import { TestClock } from "effect/testing"
import { EventStore } from "../../src/kernel/EventStore.ts"
import { MonitoringFailure } from "../../src/monitoring/errors.ts"
import { type BusEvent, EventBus } from "../../src/monitoring/ports.ts"
import { InvalidInput } from "../../src/personalize/errors.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import { provisioningStream } from "../../src/provisioning/ledger.ts"
import {
  correlationIdOf,
  executionInput,
  lifecycleEvents,
  type ProvisioningExecution,
  reconcileTask
} from "../../src/workflow/index.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"
import { type FakePersonalize, makeFakePersonalize } from "../provisioning/fakePersonalize.ts"
import { shopConfig } from "./shopConfig.ts"

const arnPrefix = "arn:aws:personalize:us-east-1:000000000000"

interface World {
  readonly fake: FakePersonalize
  readonly store: ReturnType<typeof makeFakeEventStore>
  readonly sent: Array<{ readonly region: string; readonly events: ReadonlyArray<BusEvent> }>
  readonly pass: (input: unknown) => Effect.Effect<ProvisioningExecution, unknown>
  /** Every log line of the task: level, message and annotations. */
  readonly logs: Array<{ readonly level: string; readonly message: unknown; readonly annotations: object }>
}

const world = (fake: FakePersonalize, busFails = false): World => {
  const store = makeFakeEventStore()
  const sent: World["sent"] = []
  const bus = EventBus.of({
    put: (region, events) =>
      busFails
        ? Effect.fail(new MonitoringFailure({ operation: "PutEvents", name: "default", detail: "bus down" }))
        : Effect.sync(() => void sent.push({ region, events }))
  })
  const logs: World["logs"] = []
  const capture = Logger.make(({ message, logLevel, fiber }) => {
    logs.push({
      level: logLevel,
      message: Array.isArray(message) ? message[0] : message,
      annotations: { ...fiber.getRef(References.CurrentLogAnnotations) }
    })
  })
  const pass = (input: unknown) =>
    reconcileTask(input, "eu-west-1").pipe(
      Effect.provideService(Personalize, fake.service),
      Effect.provideService(EventStore, store.store),
      Effect.provideService(EventBus, bus),
      Effect.provide(Logger.layer([capture]))
    )
  return { fake, store, sent, pass, logs }
}

const start = executionInput({ mode: "apply", config: shopConfig, datasetGroup: "shop", correlationId: "c1" })
const row = (r: { kind: string; name: string; state: string; status?: string; reason?: string; arn?: string }) =>
  [r.kind, r.name, r.state, r.status ?? "-", r.reason ?? "-", r.arn === undefined ? "-" : "arn"].join(" | ")

describe("reconcileTask (the provisioning state machine's Reconcile task)", () => {
  it.effect("a malformed state fails with every issue and its path, before any call", () =>
    Effect.gen(function* () {
      const w = world(makeFakePersonalize())
      const error = yield* Effect.flip(w.pass({ ...start, iteration: "one", mode: "build", correlationId: 7 }))
      expect(error).toMatchObject({ _tag: "TaskInputInvalid" })
      const issues = (error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)
      expect(issues).toEqual(expect.arrayContaining(["iteration", "mode", "correlationId"]))
      expect((error as Error).message).toMatch(/^invalid task input: /)
      expect(w.fake.calls).toEqual([])
    })
  )

  it.effect("a config that no longer decodes fails naming its paths under config", () =>
    Effect.gen(function* () {
      const w = world(makeFakePersonalize())
      const error = yield* Effect.flip(w.pass({ ...start, config: { ...shopConfig, datasetGroup: { name: 5 } } }))
      const issues = (error as { issues: ReadonlyArray<{ path: string; message: string }> }).issues
      expect(issues.length).toBeGreaterThan(0)
      expect(issues.every((i) => i.path.startsWith("config."))).toBe(true)
      expect(issues.map((i) => i.path)).toContain("config.datasetGroup.name")
      const whole = yield* Effect.flip(w.pass({ ...start, config: "not a config" }))
      expect((whole as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)).toEqual(["config"])
      expect(w.fake.calls).toEqual([])
    })
  )

  it.effect("passes until done: starts what is ready, reports each resource, sends an event per change", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ createdStatus: () => "CREATE_IN_PROGRESS" })
      const w = world(fake)
      yield* TestClock.setTime(1_000_000)
      const first = yield* w.pass(start)
      expect(first).toMatchObject({
        status: "waiting",
        iteration: 1,
        waitSeconds: 5,
        startedAt: 1_000_000,
        elapsedSeconds: 0,
        mode: "apply",
        datasetGroup: "shop",
        correlationId: "c1",
        failures: []
      })
      expect(first.cause).toBeUndefined()
      expect(first.resources?.map(row)).toEqual([
        "DatasetGroup | shop | waiting | CREATE_IN_PROGRESS | status CREATE_IN_PROGRESS | -",
        "Schema | shop-interactions-schema | ready | - | - | arn",
        "Dataset | shop-interactions | waiting | - | waits for DatasetGroup:shop | -",
        "Solution | up | waiting | - | waits for DatasetGroup:shop | -",
        "SolutionVersion | up | waiting | - | waits for Solution:up | -",
        "Campaign | up-campaign | waiting | - | waits for SolutionVersion:up | -"
      ])
      expect(fake.calls.filter((c) => c.startsWith("Create"))).toEqual([
        "Create DatasetGroup:shop",
        "Create Schema:shop-interactions-schema"
      ])
      // One event per resource on the first pass (none had a state before), on the task's region.
      expect(w.sent).toHaveLength(1)
      expect(w.sent[0]!.region).toBe("eu-west-1")
      expect(w.sent[0]!.events).toHaveLength(6)
      expect(w.sent[0]!.events[0]).toStrictEqual({
        source: "personalize-ops.provisioning",
        detailType: "Personalize Resource State Change",
        detail: {
          datasetGroup: "shop",
          mode: "apply",
          kind: "DatasetGroup",
          name: "shop",
          state: "waiting",
          status: "CREATE_IN_PROGRESS",
          reason: "status CREATE_IN_PROGRESS",
          correlationId: "c1"
        }
      })
      expect(w.sent[0]!.events[1]).toStrictEqual({
        source: "personalize-ops.provisioning",
        detailType: "Personalize Resource State Change",
        detail: {
          datasetGroup: "shop",
          mode: "apply",
          kind: "Schema",
          name: "shop-interactions-schema",
          state: "ready",
          arn: `${arnPrefix}:schema/shop-interactions-schema`,
          correlationId: "c1"
        },
        resources: [`${arnPrefix}:schema/shop-interactions-schema`]
      })
      // One line per pass, with the execution's correlation id and what the pass found.
      expect(w.logs.filter((l) => l.level === "Info")).toEqual([
        {
          level: "Info",
          message: "reconcile pass 1: waiting",
          annotations: {
            correlationId: "c1",
            datasetGroup: "shop",
            mode: "apply",
            waitSeconds: 5,
            resources: 6,
            failures: 0
          }
        }
      ])
      // The pass is recorded in the provisioning stream under the execution's correlation id and actor.
      const recorded = yield* w.store.store.read(provisioningStream("shop"))
      expect(recorded.length).toBeGreaterThan(0)
      expect(new Set(recorded.map((e) => e.metadata.correlationId))).toEqual(new Set(["c1"]))
      expect(new Set(recorded.map((e) => e.metadata.actor))).toEqual(new Set(["provisioning-workflow"]))

      // Nothing changed: the same pass again sends no event, and counts the pass and the time.
      yield* TestClock.adjust("5 seconds")
      const again = yield* w.pass(first)
      // The wait backs off over passes: 5 s × 1.5^1 (rounded), then × 1.5^2.
      expect(again).toMatchObject({
        status: "waiting",
        iteration: 2,
        waitSeconds: 8,
        startedAt: 1_000_000,
        elapsedSeconds: 5
      })
      // The group is now waited on by its ARN (a Wait step), which sends no event: its state did not change.
      expect(again.resources?.map(row)).toEqual(
        first.resources
          ?.map(row)
          .with(0, "DatasetGroup | shop | waiting | CREATE_IN_PROGRESS | status CREATE_IN_PROGRESS | arn")
      )
      expect(w.sent).toHaveLength(1)

      fake.setStatus("DatasetGroup", "shop", "ACTIVE")
      yield* TestClock.adjust("10 seconds")
      const third = yield* w.pass(again)
      expect(third).toMatchObject({ status: "waiting", iteration: 3, waitSeconds: 11, elapsedSeconds: 15 })
      expect(third.resources?.map(row)).toEqual([
        "DatasetGroup | shop | ready | ACTIVE | - | arn",
        "Schema | shop-interactions-schema | ready | - | - | arn",
        "Dataset | shop-interactions | waiting | CREATE_IN_PROGRESS | status CREATE_IN_PROGRESS | -",
        "Solution | up | waiting | - | waits for Dataset:shop-interactions | -",
        "SolutionVersion | up | waiting | - | waits for Solution:up | -",
        "Campaign | up-campaign | waiting | - | waits for SolutionVersion:up | -"
      ])
      // Events only for the two whose state or status changed, each with what it was before (the solution's
      // reason changed, not its state: no event).
      expect(w.sent).toHaveLength(2)
      expect(w.sent[1]!.events.map((e) => e.detail)).toStrictEqual([
        {
          datasetGroup: "shop",
          mode: "apply",
          kind: "DatasetGroup",
          name: "shop",
          state: "ready",
          status: "ACTIVE",
          previousState: "waiting",
          previousStatus: "CREATE_IN_PROGRESS",
          arn: `${arnPrefix}:dataset-group/shop`,
          correlationId: "c1"
        },
        {
          datasetGroup: "shop",
          mode: "apply",
          kind: "Dataset",
          name: "shop-interactions",
          state: "waiting",
          status: "CREATE_IN_PROGRESS",
          previousState: "waiting",
          reason: "status CREATE_IN_PROGRESS",
          correlationId: "c1"
        }
      ])

      // Each pass starts what became ready; everything in progress finishes before the next one.
      let state = third
      const progress: Array<string> = []
      while (state.status === "waiting" && state.iteration < 20) {
        for (const r of fake.resources.values())
          if (r.status === "CREATE_IN_PROGRESS") fake.setStatus(r.kind, r.name, "ACTIVE")
        yield* TestClock.adjust("25 seconds")
        state = yield* w.pass(state)
        progress.push(
          state.resources
            ?.filter((r) => r.state === "waiting")
            .map((r) => r.kind)
            .join(",") ?? ""
        )
      }
      expect(progress).toEqual(["Solution,SolutionVersion,Campaign", "SolutionVersion,Campaign", "Campaign", ""])
      const done = state
      expect(done).toMatchObject({ status: "done", iteration: 7, waitSeconds: 0, elapsedSeconds: 115, failures: [] })
      expect(done.resources?.every((r) => r.state === "ready")).toBe(true)
      expect(fake.calls.filter((c) => c.startsWith("Create"))).toEqual([
        "Create DatasetGroup:shop",
        "Create Schema:shop-interactions-schema",
        "Create Dataset:shop-interactions",
        "Create Solution:up",
        "Create SolutionVersion:up-v1",
        "Create Campaign:up-campaign"
      ])
    })
  )

  it.effect("a failed create fails the pass, naming the resource, its cause and its dependents", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        failCreate: (input) =>
          input.kind === "Solution"
            ? new InvalidInput({ kind: "Solution", field: "recipeArn", message: "no such recipe" })
            : undefined
      })
      const w = world(fake)
      const state = yield* w.pass(start)
      expect(state.status).toBe("failed")
      expect(state.waitSeconds).toBe(0)
      expect(state.cause).toBe("Solution up: InvalidInput: no such recipe")
      expect(state.failures).toEqual([
        {
          kind: "Solution",
          name: "up",
          cause: "InvalidInput: no such recipe",
          dependents: [
            { kind: "SolutionVersion", name: "up" },
            { kind: "Campaign", name: "up-campaign" }
          ]
        }
      ])
      expect(state.resources?.map((r) => `${r.kind} ${r.state}`)).toEqual([
        "DatasetGroup ready",
        "Schema ready",
        "Dataset ready",
        "Solution failed",
        "SolutionVersion skipped",
        "Campaign skipped"
      ])
      expect(state.resources?.find((r) => r.kind === "Campaign")?.reason).toBe(
        "not attempted: Solution:up failed (InvalidInput: no such recipe)"
      )
    })
  )

  it.effect("every failure is in the cause, in plan order; and the pass log line counts them", () =>
    Effect.gen(function* () {
      const two = {
        ...shopConfig,
        solutions: [...shopConfig.solutions, { ...shopConfig.solutions[0]!, name: "up2", campaigns: [] }]
      }
      const fake = makeFakePersonalize({
        failCreate: (input) =>
          input.kind === "Solution"
            ? new InvalidInput({ kind: "Solution", field: "recipeArn", message: `no recipe for ${input.name}` })
            : undefined
      })
      const w = world(fake)
      const state = yield* w.pass(
        executionInput({ mode: "apply", config: two, datasetGroup: "shop", correlationId: "c2" })
      )
      expect(state.cause).toBe(
        "Solution up: InvalidInput: no recipe for up; Solution up2: InvalidInput: no recipe for up2"
      )
      expect(w.logs.at(-1)).toMatchObject({
        message: "reconcile pass 1: failed",
        annotations: { correlationId: "c2", failures: 2, waitSeconds: 0 }
      })
    })
  )

  it.effect("a lifecycle event that cannot be sent does not fail the pass", () =>
    Effect.gen(function* () {
      const w = world(makeFakePersonalize(), true)
      const state = yield* w.pass(start)
      expect(state.status).toBe("done")
      expect(state.resources).toHaveLength(6)
      expect(w.logs.filter((l) => l.level === "Warn").map((l) => l.message)).toEqual([
        "lifecycle events not sent: PutEvents failed: default: bus down"
      ])
    })
  )
})

describe("lifecycleEvents", () => {
  const state = (resources?: ProvisioningExecution["resources"]): ProvisioningExecution => ({
    ...start,
    mode: "destroy",
    datasetGroup: "g",
    correlationId: "k",
    ...(resources === undefined ? {} : { resources })
  })
  const detailOf = (
    before: ProvisioningExecution["resources"],
    r: NonNullable<ProvisioningExecution["resources"]>[0]
  ) => lifecycleEvents(state(before), [r]).map((e) => e.detail)
  const base = { kind: "Campaign", name: "c", state: "waiting", status: "CREATE_IN_PROGRESS" }

  it.each([
    ["same state and status: no event", [base], base, []],
    [
      "status changed only: an event with the previous status",
      [base],
      { ...base, status: "ACTIVE" },
      [
        {
          datasetGroup: "g",
          mode: "destroy",
          kind: "Campaign",
          name: "c",
          state: "waiting",
          status: "ACTIVE",
          previousState: "waiting",
          previousStatus: "CREATE_IN_PROGRESS",
          correlationId: "k"
        }
      ]
    ],
    [
      "state changed only: an event",
      [{ kind: "Campaign", name: "c", state: "waiting" }],
      { kind: "Campaign", name: "c", state: "gone", reason: "deleted" },
      [
        {
          datasetGroup: "g",
          mode: "destroy",
          kind: "Campaign",
          name: "c",
          state: "gone",
          previousState: "waiting",
          reason: "deleted",
          correlationId: "k"
        }
      ]
    ],
    [
      "same name, other kind: a new resource",
      [{ ...base, kind: "Solution" }],
      base,
      [
        {
          datasetGroup: "g",
          mode: "destroy",
          kind: "Campaign",
          name: "c",
          state: "waiting",
          status: "CREATE_IN_PROGRESS",
          correlationId: "k"
        }
      ]
    ],
    [
      "no previous pass: every resource, without previous fields",
      undefined,
      { kind: "Schema", name: "s", state: "ready" },
      [{ datasetGroup: "g", mode: "destroy", kind: "Schema", name: "s", state: "ready", correlationId: "k" }]
    ]
  ] as const)("%s", (_title, before, r, expected) => {
    expect(detailOf(before as never, r as never)).toStrictEqual(expected)
  })

  it("an event names its resource's ARN in `resources`, only when it has one", () => {
    const [withArn, without] = lifecycleEvents(state(), [
      { kind: "Campaign", name: "c", state: "ready", arn: `${arnPrefix}:campaign/c` },
      { kind: "Campaign", name: "d", state: "waiting" }
    ])
    expect(withArn).toMatchObject({
      resources: [`${arnPrefix}:campaign/c`],
      detail: { arn: `${arnPrefix}:campaign/c` }
    })
    expect(without).not.toHaveProperty("resources")
    expect(without?.detail).not.toHaveProperty("arn")
  })
})

describe("correlationIdOf", () => {
  it.each([
    [{ correlationId: "abc" }, "abc"],
    [{ correlationId: 5 }, "unknown"],
    [{}, "unknown"],
    [null, "unknown"],
    ["correlationId", "unknown"],
    [undefined, "unknown"]
  ])("%j → %s", (input, expected) => {
    expect(correlationIdOf(input)).toBe(expected)
  })
})
