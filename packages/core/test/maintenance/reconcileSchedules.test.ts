// Schedules reconciled like resources: the plan for each difference (create, update naming the fields,
// no-op, delete with why), an operator's DISABLED kept, and observe → plan → apply through a Scheduler in a Map.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import * as M from "../../src/maintenance/index.ts"
import type { ScheduleDescription, ScheduleRequest } from "../../src/maintenance/Scheduler.ts"
import { ScheduleNotFound, Scheduler } from "../../src/maintenance/Scheduler.ts"

const targets = { stateMachineArn: "arn:sm", roleArn: "arn:role" }
const group = "ops-shop"

const spec = (name: string, over: Partial<M.ScheduleSpec> = {}): M.ScheduleSpec => ({
  name,
  group,
  task: "full",
  target: "up",
  expression: { expression: "rate(1 day)" } as M.ScheduleSpec["expression"],
  input: { task: "full", target: "up", datasetGroup: "shop", schedule: name },
  ...over
})

/** What the plan would create for `s`, as it then exists. */
const existing = (s: M.ScheduleSpec, over: Partial<ScheduleDescription> = {}): ScheduleDescription => ({
  name: s.name,
  group: s.group,
  expression: s.expression.expression,
  ...(s.timeZone === undefined ? {} : { timeZone: s.timeZone }),
  state: "ENABLED",
  target: { arn: "arn:sm", roleArn: "arn:role", input: JSON.stringify(s.input) },
  description: `personalize-ops ${s.task} ${s.target}`,
  arn: `arn:schedule/${s.name}`,
  createdAt: 0,
  updatedAt: 0,
  ...over
})

const plan = (
  schedules: ReadonlyArray<M.ScheduleSpec>,
  observed: M.ObservedSchedules,
  deleted: ReadonlyArray<string> = []
) => Result.getOrThrow(M.planSchedules({ group, schedules, deleted }, observed, targets))

describe("planSchedules with targets", () => {
  it("creates the group and every schedule of an empty deployment, in name order, with the full request", () => {
    const b = spec("b", { timeZone: "Europe/Berlin" })
    const a = spec("a", { task: "import", target: "ds", input: { task: "import", target: "ds", datasetGroup: "shop" } })
    expect(plan([b, a], { groupExists: false, schedules: [] })).toEqual([
      { action: "CreateGroup", group },
      {
        action: "Create",
        name: "a",
        request: {
          name: "a",
          group,
          expression: "rate(1 day)",
          state: "ENABLED",
          target: {
            arn: "arn:sm",
            roleArn: "arn:role",
            input: '{"task":"import","target":"ds","datasetGroup":"shop"}'
          },
          description: "personalize-ops import ds"
        }
      },
      {
        action: "Create",
        name: "b",
        request: {
          name: "b",
          group,
          expression: "rate(1 day)",
          timeZone: "Europe/Berlin",
          state: "ENABLED",
          target: {
            arn: "arn:sm",
            roleArn: "arn:role",
            input: '{"task":"full","target":"up","datasetGroup":"shop","schedule":"b"}'
          },
          description: "personalize-ops full up"
        }
      }
    ])
  })

  it("a schedule as wanted is a no-op; UTC and no zone are the same; no group step when it exists", () => {
    const s = spec("s")
    expect(plan([s], { groupExists: true, schedules: [existing(s, { timeZone: "UTC" })] })).toEqual([
      { action: "NoOp", name: "s" }
    ])
    const zoned = spec("z", { timeZone: "UTC" })
    expect(plan([zoned], { groupExists: true, schedules: [existing(spec("z"))] })).toEqual([
      { action: "NoOp", name: "z" }
    ])
  })

  it.each([
    ["expression", { expression: "rate(2 days)" }],
    ["timeZone", { timeZone: "Asia/Tokyo" }],
    ["target", { target: { arn: "arn:other", roleArn: "arn:role", input: "" } }],
    ["role", { target: { arn: "arn:sm", roleArn: "arn:other", input: "" } }],
    ["input", { target: { arn: "arn:sm", roleArn: "arn:role", input: "{}" } }]
  ] as const)("a changed %s is an update naming it", (field, over) => {
    const s = spec("s")
    const base = existing(s)
    const current: ScheduleDescription = {
      ...base,
      ...over,
      target: "target" in over ? { ...over.target, input: over.target.input || base.target.input } : base.target
    }
    const steps = plan([s], { groupExists: true, schedules: [current] })
    expect(steps.map((st) => (st.action === "Update" ? st.changed : st.action))).toEqual([[field]])
  })

  it("an operator's DISABLED stays DISABLED across an update", () => {
    const s = spec("s")
    const steps = plan([s], {
      groupExists: true,
      schedules: [existing(s, { state: "DISABLED", expression: "rate(9 days)" })]
    })
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(step.action === "Update" && [step.request.state, step.request.expression]).toEqual([
      "DISABLED",
      "rate(1 day)"
    ])
  })

  it("removed schedules are deleted in name order, saying whether the config deleted them or dropped them", () => {
    const keep = spec("keep")
    const steps = plan(
      [keep],
      {
        groupExists: true,
        schedules: [existing(spec("zeta")), existing(keep), existing(spec("alpha"))]
      },
      ["zeta"]
    )
    expect(steps).toEqual([
      { action: "NoOp", name: "keep" },
      { action: "Delete", name: "alpha", group, reason: "no longer in the config" },
      { action: "Delete", name: "zeta", group, reason: 'set to "delete" in the config' }
    ])
  })

  it("a config with schedules but no target is refused, listing them", () => {
    const planned = M.planSchedules(
      { group, schedules: [spec("a"), spec("b")], deleted: [] },
      { groupExists: false, schedules: [] },
      undefined
    )
    expect(Result.isFailure(planned) && planned.failure.detail).toBe(
      "the config has 2 schedule(s) (a, b) but no target: name the maintenance state machine and the role EventBridge Scheduler assumes to start it"
    )
  })

  it("instance names: the state machine and the Scheduler role", () => {
    const settings = { instance: "blue" }
    expect(M.maintenanceStateMachineName(settings)).toBe("blue-maintenance")
    expect(M.schedulerRoleName(settings)).toBe("blue-scheduler")
    expect(M.instanceScheduleTargets(settings, "123456789012", "eu-west-1")).toEqual({
      stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:blue-maintenance",
      roleArn: "arn:aws:iam::123456789012:role/blue-scheduler"
    })
  })
})

/** A Scheduler over a Map of groups; records its calls. */
const mapScheduler = (groups: Map<string, Map<string, ScheduleDescription>>) => {
  const calls: Array<string> = []
  const missing = (g: string) => new ScheduleNotFound({ group: g, detail: `group ${g} does not exist` })
  const put = (op: string, r: ScheduleRequest) => {
    calls.push(`${op} ${r.name}`)
    groups.get(r.group)?.set(r.name, { ...r, arn: `arn:schedule/${r.name}`, createdAt: 0, updatedAt: 0 })
    return `arn:schedule/${r.name}`
  }
  const service = Scheduler.of({
    createGroup: (name) =>
      Effect.sync(() => {
        calls.push(`createGroup ${name}`)
        groups.set(name, new Map())
        return `arn:group/${name}`
      }),
    describeGroup: (name) =>
      Effect.suspend(() => {
        calls.push(`describeGroup ${name}`)
        return groups.has(name)
          ? Effect.succeed({ name, arn: `arn:group/${name}`, state: "ACTIVE" as const, createdAt: 0, updatedAt: 0 })
          : Effect.fail(missing(name))
      }),
    deleteGroup: (name) =>
      Effect.suspend(() => {
        calls.push(`deleteGroup ${name}`)
        return groups.delete(name) ? Effect.void : Effect.fail(missing(name))
      }),
    listGroups: () => Effect.succeed([]),
    createSchedule: (r) => Effect.sync(() => put("createSchedule", r)),
    updateSchedule: (r) => Effect.sync(() => put("updateSchedule", r)),
    describeSchedule: (g, name) =>
      Effect.suspend(() => {
        calls.push(`describeSchedule ${name}`)
        const s = groups.get(g)?.get(name)
        return s === undefined ? Effect.fail(missing(g)) : Effect.succeed(s)
      }),
    deleteSchedule: (g, name) =>
      Effect.sync(() => {
        calls.push(`deleteSchedule ${name}`)
        groups.get(g)?.delete(name)
      }),
    listSchedules: (g) =>
      Effect.sync(() => {
        calls.push(`listSchedules ${g}`)
        return [...(groups.get(g)?.values() ?? [])].map((s) => ({
          name: s.name,
          group: g,
          arn: s.arn,
          state: s.state,
          targetArn: s.target.arn
        }))
      })
  })
  return { service, calls }
}

describe("reconcileSchedules through the Scheduler", () => {
  it.effect(
    "observes, plans and applies in order; a second pass changes nothing; destroy removes the group once",
    () => {
      const groups = new Map<string, Map<string, ScheduleDescription>>()
      const scheduler = mapScheduler(groups)
      const desired = { group, schedules: [spec("b"), spec("a")], deleted: [] }
      return Effect.gen(function* () {
        const first = yield* M.reconcileSchedules(desired, targets)
        expect(first.map((s) => s.action)).toEqual(["CreateGroup", "Create", "Create"])
        expect(scheduler.calls).toEqual([
          `describeGroup ${group}`,
          `createGroup ${group}`,
          "createSchedule a",
          "createSchedule b"
        ])
        scheduler.calls.length = 0
        const second = yield* M.reconcileSchedules(desired, targets)
        expect(second).toEqual([
          { action: "NoOp", name: "a" },
          { action: "NoOp", name: "b" }
        ])
        expect(scheduler.calls).toEqual([
          `describeGroup ${group}`,
          `listSchedules ${group}`,
          "describeSchedule a",
          "describeSchedule b"
        ])
        scheduler.calls.length = 0
        const changed = yield* M.reconcileSchedules(
          {
            group,
            schedules: [spec("a", { expression: { expression: "rate(2 days)" } as M.ScheduleSpec["expression"] })],
            deleted: []
          },
          targets
        )
        expect(changed.map((s) => s.action)).toEqual(["Update", "Delete"])
        expect(scheduler.calls.slice(-2)).toEqual(["updateSchedule a", "deleteSchedule b"])
        expect([...(groups.get(group)?.keys() ?? [])]).toEqual(["a"])
        expect(groups.get(group)?.get("a")?.expression).toBe("rate(2 days)")
        expect(yield* M.removeScheduleGroup(group)).toBe(true)
        expect(yield* M.removeScheduleGroup(group)).toBe(false)
        const nothing = yield* M.planDeploymentSchedules({ group, schedules: [], deleted: [] }, undefined)
        expect(nothing).toEqual([])
      }).pipe(Effect.provideService(Scheduler, scheduler.service))
    }
  )
})
