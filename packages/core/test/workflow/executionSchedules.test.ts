import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  type ScheduleDescription,
  ScheduleNotFound,
  Scheduler,
  type SchedulerError,
  SchedulerFailure
} from "../../src/maintenance/Scheduler.ts"
import {
  executionInput,
  type ProvisioningExecution,
  reconcileExecutionSchedules,
  scheduleRow
} from "../../src/workflow/index.ts"
import { shopConfig } from "./shopConfig.ts"

/** A Scheduler over a map of groups; `failWith` makes every call fail. */
const fakeScheduler = (groups: Map<string, Map<string, ScheduleDescription>>, failWith?: SchedulerFailure) => {
  const calls: Array<string> = []
  const notFound = (group: string) => new ScheduleNotFound({ group, detail: `group ${group} does not exist` })
  const call = <A>(what: string, f: () => A | ScheduleNotFound) =>
    Effect.suspend((): Effect.Effect<A, SchedulerError> => {
      calls.push(what)
      if (failWith !== undefined) return Effect.fail(failWith)
      const out = f()
      return out instanceof ScheduleNotFound ? Effect.fail(out) : Effect.succeed(out)
    })
  const service = Scheduler.of({
    createGroup: (name) =>
      call(`createGroup ${name}`, () => {
        groups.set(name, new Map())
        return `arn:group/${name}`
      }),
    describeGroup: (name) =>
      call(`describeGroup ${name}`, () =>
        groups.has(name)
          ? { name, arn: `arn:group/${name}`, state: "ACTIVE" as const, createdAt: 0, updatedAt: 0 }
          : notFound(name)
      ),
    deleteGroup: (name) => call(`deleteGroup ${name}`, () => (groups.delete(name) ? undefined : notFound(name))),
    listGroups: () => call("listGroups", () => []),
    createSchedule: (r) =>
      call(`createSchedule ${r.name}`, () => {
        groups.get(r.group)?.set(r.name, { ...r, arn: `arn:schedule/${r.name}`, createdAt: 0, updatedAt: 0 })
        return `arn:schedule/${r.name}`
      }),
    updateSchedule: (r) =>
      call(`updateSchedule ${r.name}`, () => {
        groups.get(r.group)?.set(r.name, { ...r, arn: `arn:schedule/${r.name}`, createdAt: 0, updatedAt: 1 })
        return `arn:schedule/${r.name}`
      }),
    describeSchedule: (group, name) =>
      call(`describeSchedule ${name}`, () => groups.get(group)?.get(name) ?? notFound(group)),
    deleteSchedule: (group, name) => call(`deleteSchedule ${name}`, () => void groups.get(group)?.delete(name)),
    listSchedules: (group) =>
      call(`listSchedules ${group}`, () =>
        [...(groups.get(group)?.values() ?? [])].map((s) => ({
          name: s.name,
          group,
          arn: s.arn,
          state: s.state,
          targetArn: s.target.arn
        }))
      )
  })
  return { service, calls }
}

const settings = { settings: { instance: "ops" }, targets: { stateMachineArn: "arn:sm", roleArn: "arn:role" } }
const scheduled = {
  ...shopConfig,
  solutions: [{ ...shopConfig.solutions[0]!, schedules: { full: "rate(7 days)", update: "rate(1 day)" } }]
}
const state = (over: Partial<ProvisioningExecution>, config: unknown = scheduled): ProvisioningExecution => ({
  ...executionInput({ mode: "apply", config, datasetGroup: "shop", correlationId: "c" }),
  resources: [{ kind: "Campaign", name: "up-campaign", state: "ready" }],
  ...over
})

const run = (s: ProvisioningExecution, scheduler: ReturnType<typeof fakeScheduler>, targets = settings) =>
  reconcileExecutionSchedules(s, targets).pipe(Effect.provideService(Scheduler, scheduler.service))

describe("reconcileExecutionSchedules", () => {
  it.effect("apply, before the pass is done: the state as it is, no Scheduler call", () =>
    Effect.gen(function* () {
      for (const status of ["waiting", "failed", "start"] as const) {
        const scheduler = fakeScheduler(new Map())
        const s = state({ status })
        expect(yield* run(s, scheduler)).toBe(s)
        expect(scheduler.calls).toEqual([])
      }
    })
  )

  it.effect("apply, done: creates the group and each schedule, listed after the resources; then unchanged", () =>
    Effect.gen(function* () {
      const groups = new Map<string, Map<string, ScheduleDescription>>()
      const scheduler = fakeScheduler(groups)
      const done = yield* run(state({ status: "done" }), scheduler)
      expect(done.status).toBe("done")
      expect(done.resources).toEqual([
        { kind: "Campaign", name: "up-campaign", state: "ready" },
        { kind: "ScheduleGroup", name: "ops-shop", state: "ready", reason: "created" },
        { kind: "Schedule", name: "ops-full-up", state: "ready", reason: "created" },
        { kind: "Schedule", name: "ops-update-up", state: "ready", reason: "created" }
      ])
      expect(groups.get("ops-shop")?.get("ops-full-up")).toMatchObject({
        expression: "rate(7 days)",
        state: "ENABLED",
        target: { arn: "arn:sm", roleArn: "arn:role" }
      })
      const again = yield* run(state({ status: "done" }), scheduler)
      expect(again.resources?.slice(1)).toEqual([
        { kind: "Schedule", name: "ops-full-up", state: "ready", reason: "unchanged" },
        { kind: "Schedule", name: "ops-update-up", state: "ready", reason: "unchanged" }
      ])
      const changed = {
        ...shopConfig,
        solutions: [{ ...shopConfig.solutions[0]!, schedules: { full: "rate(14 days)" } }]
      }
      const third = yield* run(state({ status: "done" }, changed), scheduler)
      expect(third.resources?.slice(1)).toEqual([
        { kind: "Schedule", name: "ops-full-up", state: "ready", reason: "updated: expression" },
        { kind: "Schedule", name: "ops-update-up", state: "gone", reason: "deleted: no longer in the config" }
      ])
    })
  )

  it.effect("a Scheduler error fails the execution naming the group and AWS's message, keeping earlier failures", () =>
    Effect.gen(function* () {
      const failure = new SchedulerFailure({ operation: "CreateScheduleGroup", name: "ops-shop", detail: "quota" })
      const earlier = { kind: "Campaign", name: "x", cause: "old", dependents: [] }
      const s = state({ status: "done", failures: [earlier] })
      const out = yield* run(s, fakeScheduler(new Map(), failure))
      expect(out.status).toBe("failed")
      expect(out.cause).toBe("ScheduleGroup ops-shop: SchedulerFailure: quota")
      expect(out.failures).toEqual([
        earlier,
        { kind: "ScheduleGroup", name: "ops-shop", cause: "SchedulerFailure: quota", dependents: [] }
      ])
      expect(out.resources).toEqual(s.resources)
      const first = yield* run(state({ status: "done" }), fakeScheduler(new Map(), failure))
      expect(first.failures).toEqual([
        { kind: "ScheduleGroup", name: "ops-shop", cause: "SchedulerFailure: quota", dependents: [] }
      ])
    })
  )

  it.effect(
    "destroy: every pass deletes the group if there; the last pass lists it gone even when it was not there",
    () =>
      Effect.gen(function* () {
        const groups = new Map([["ops-shop", new Map<string, ScheduleDescription>()]])
        const scheduler = fakeScheduler(groups)
        const waiting = yield* run(state({ mode: "destroy", status: "waiting" }), scheduler)
        expect(waiting.resources?.slice(1)).toEqual([
          { kind: "ScheduleGroup", name: "ops-shop", state: "gone", reason: "deleted" }
        ])
        expect(groups.has("ops-shop")).toBe(false)
        const again = yield* run(state({ mode: "destroy", status: "waiting" }), scheduler)
        expect(again.resources).toEqual([{ kind: "Campaign", name: "up-campaign", state: "ready" }])
        const last = yield* run(state({ mode: "destroy", status: "done" }), scheduler)
        expect(last.resources?.slice(1)).toEqual([
          { kind: "ScheduleGroup", name: "ops-shop", state: "gone", reason: "not there" }
        ])
        expect(scheduler.calls).toEqual(["deleteGroup ops-shop", "deleteGroup ops-shop", "deleteGroup ops-shop"])
        // A state without resources gets the group as its only row.
        const { resources: _r, ...bare } = state({ mode: "destroy", status: "done" })
        expect((yield* run(bare, scheduler)).resources).toEqual([
          { kind: "ScheduleGroup", name: "ops-shop", state: "gone", reason: "not there" }
        ])
      })
  )

  it.effect("a config that no longer decodes fails the task naming config", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(run(state({ status: "done" }, "nope"), fakeScheduler(new Map())))
      expect(error).toMatchObject({ _tag: "TaskInputInvalid", issues: [{ path: "config" }] })
    })
  )
})

describe("scheduleRow", () => {
  const request = {
    name: "s",
    group: "g",
    expression: "rate(1 day)",
    state: "ENABLED" as const,
    target: { arn: "a", roleArn: "r", input: "{}" }
  }
  it.each([
    [
      { action: "CreateGroup", group: "g" },
      { kind: "ScheduleGroup", name: "g", state: "ready", reason: "created" }
    ],
    [
      { action: "Create", name: "s", request },
      { kind: "Schedule", name: "s", state: "ready", reason: "created" }
    ],
    [
      { action: "Update", name: "s", request, changed: ["expression", "timeZone"] },
      { kind: "Schedule", name: "s", state: "ready", reason: "updated: expression, timeZone" }
    ],
    [
      { action: "Delete", name: "s", group: "g", reason: "gone from config" },
      { kind: "Schedule", name: "s", state: "gone", reason: "deleted: gone from config" }
    ],
    [
      { action: "NoOp", name: "s" },
      { kind: "Schedule", name: "s", state: "ready", reason: "unchanged" }
    ]
  ] as const)("%j", (step, row) => {
    expect(scheduleRow(step)).toEqual(row)
  })
})
