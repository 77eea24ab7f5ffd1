// The contract every Scheduler adapter passes: the memory adapter directly, the AWS adapter through
// the real SDK against a local endpoint. Each test builds the layer afresh.
import { assert, describe, it } from "@effect/vitest"
import { parseSchedule } from "@personalize-ops/core/config"
import * as Maintenance from "@personalize-ops/core/maintenance"
import { Effect, type Layer, Result } from "effect"

const target: Maintenance.ScheduleTarget = {
  arn: "arn:aws:states:us-east-1:000000000000:stateMachine:maintenance",
  roleArn: "arn:aws:iam::000000000000:role/scheduler",
  input: JSON.stringify({ task: "import", target: "users", datasetGroup: "dsg" })
}
const request = (group: string, name: string, extra: Partial<Maintenance.ScheduleRequest> = {}) =>
  ({
    name,
    group,
    expression: "cron(0 */6 * * ? *)",
    state: "ENABLED",
    target,
    ...extra
  }) as Maintenance.ScheduleRequest

const spec = (task: Maintenance.MaintenanceTask, target: string, expression: string): Maintenance.ScheduleSpec => {
  const parsed = parseSchedule(expression)
  if (Result.isFailure(parsed)) throw new Error(parsed.failure)
  const name = Maintenance.scheduleName({ instance: "ops" }, task, target)
  return {
    name,
    group: "ops-dsg",
    task,
    target,
    expression: parsed.success,
    input: { task, target, datasetGroup: "dsg", schedule: name }
  }
}
const targetSettings = { stateMachineArn: target.arn, roleArn: target.roleArn }

const failureTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.map(() => "succeeded"),
    Effect.catch((e) => Effect.succeed(e._tag))
  )

/** Runs the Scheduler contract against a fresh layer per test. */
export const schedulerContract = (name: string, makeLayer: () => Layer.Layer<Maintenance.Scheduler>) =>
  describe(`Scheduler contract: ${name}`, () => {
    const run = <A, E>(body: (s: Maintenance.Scheduler["Service"]) => Effect.Effect<A, E, Maintenance.Scheduler>) =>
      Effect.gen(function* () {
        return yield* body(yield* Maintenance.Scheduler)
      }).pipe(Effect.provide(makeLayer()))

    it.effect("a schedule group is created once, described, listed and deleted", () =>
      run((s) =>
        Effect.gen(function* () {
          const arn = yield* s.createGroup("ops-dsg")
          assert.match(arn, /^arn:aws:scheduler:[a-z0-9-]+:\d{12}:schedule-group\/ops-dsg$/)
          assert.strictEqual(yield* failureTag(s.createGroup("ops-dsg")), "ScheduleConflict")
          const group = yield* s.describeGroup("ops-dsg")
          assert.deepStrictEqual([group.name, group.arn, group.state], ["ops-dsg", arn, "ACTIVE"])
          assert.deepStrictEqual(
            (yield* s.listGroups("ops-")).map((g) => g.name),
            ["ops-dsg"]
          )
          yield* s.deleteGroup("ops-dsg")
          assert.strictEqual(yield* failureTag(s.describeGroup("ops-dsg")), "ScheduleNotFound")
          assert.strictEqual(yield* failureTag(s.deleteGroup("ops-dsg")), "ScheduleNotFound")
          assert.strictEqual(yield* failureTag(s.deleteGroup("default")), "ScheduleRequestInvalid")
        })
      )
    )

    it.effect("a schedule is created, described with every field, updated, listed and deleted", () =>
      run((s) =>
        Effect.gen(function* () {
          yield* s.createGroup("g1")
          const arn = yield* s.createSchedule(request("g1", "ops-import-users", { timeZone: "Europe/Berlin" }))
          assert.match(arn, /:schedule\/g1\/ops-import-users$/)
          const described = yield* s.describeSchedule("g1", "ops-import-users")
          assert.deepStrictEqual(
            {
              name: described.name,
              group: described.group,
              arn: described.arn,
              expression: described.expression,
              timeZone: described.timeZone,
              state: described.state,
              target: described.target
            },
            {
              name: "ops-import-users",
              group: "g1",
              arn,
              expression: "cron(0 */6 * * ? *)",
              timeZone: "Europe/Berlin",
              state: "ENABLED",
              target
            }
          )
          assert.strictEqual(yield* failureTag(s.createSchedule(request("g1", "ops-import-users"))), "ScheduleConflict")
          yield* s.updateSchedule(request("g1", "ops-import-users", { expression: "rate(1 day)", state: "DISABLED" }))
          const updated = yield* s.describeSchedule("g1", "ops-import-users")
          assert.deepStrictEqual(
            [updated.expression, updated.state, updated.timeZone],
            ["rate(1 day)", "DISABLED", undefined]
          )
          yield* s.createSchedule(request("g1", "ops-full-ranking", { expression: "cron(0 2 ? * 1 *)" }))
          assert.deepStrictEqual(
            (yield* s.listSchedules("g1")).map((x) => [x.name, x.state, x.targetArn]),
            [
              ["ops-full-ranking", "ENABLED", target.arn],
              ["ops-import-users", "DISABLED", target.arn]
            ]
          )
          yield* s.deleteSchedule("g1", "ops-import-users")
          assert.strictEqual(yield* failureTag(s.describeSchedule("g1", "ops-import-users")), "ScheduleNotFound")
          assert.strictEqual(yield* failureTag(s.deleteSchedule("g1", "ops-import-users")), "ScheduleNotFound")
        })
      )
    )

    it.effect("missing groups and schedules are ScheduleNotFound", () =>
      run((s) =>
        Effect.gen(function* () {
          assert.strictEqual(yield* failureTag(s.createSchedule(request("nope", "a"))), "ScheduleNotFound")
          assert.strictEqual(yield* failureTag(s.updateSchedule(request("default", "absent"))), "ScheduleNotFound")
          assert.strictEqual(yield* failureTag(s.listSchedules("nope")), "ScheduleNotFound")
        })
      )
    )

    it.effect("a bad expression, zone or name is ScheduleRequestInvalid", () =>
      run((s) =>
        Effect.gen(function* () {
          yield* s.createGroup("g2")
          for (const bad of [
            request("g2", "a", { expression: "cron(0 0 * * * *)" }),
            request("g2", "a", { expression: "every day" }),
            request("g2", "a", { timeZone: "Mars/Olympus" }),
            request("g2", "has space")
          ])
            assert.strictEqual(yield* failureTag(s.createSchedule(bad)), "ScheduleRequestInvalid", JSON.stringify(bad))
          assert.deepStrictEqual(yield* s.listSchedules("g2"), [])
        })
      )
    )

    it.effect("deleting a group deletes its schedules", () =>
      run((s) =>
        Effect.gen(function* () {
          yield* s.createGroup("g3")
          yield* s.createSchedule(request("g3", "x"))
          yield* s.deleteGroup("g3")
          yield* s.createGroup("g3")
          assert.deepStrictEqual(yield* s.listSchedules("g3"), [])
        })
      )
    )
    it.effect("schedules are reconciled like resources: created, unchanged, updated, deleted; DISABLED kept", () =>
      run((s) =>
        Effect.gen(function* () {
          const importUsers = spec("import", "users", "cron(0 */6 * * ? *)")
          const full = spec("full", "ranking", "cron(0 2 ? * 1 *)")
          const desired = { group: "ops-dsg", schedules: [importUsers, full], deleted: [] }
          const actions = (steps: ReadonlyArray<Maintenance.ScheduleStep>) =>
            steps.map((x) => `${x.action} ${"name" in x ? x.name : x.group}`)
          const first = yield* Maintenance.reconcileSchedules(desired, targetSettings)
          assert.deepStrictEqual(actions(first), [
            "CreateGroup ops-dsg",
            "Create ops-full-ranking",
            "Create ops-import-users"
          ])
          const again = yield* Maintenance.reconcileSchedules(desired, targetSettings)
          assert.deepStrictEqual(actions(again), ["NoOp ops-full-ranking", "NoOp ops-import-users"])
          // An operator deactivates a schedule; the config then changes its expression.
          const current = yield* s.describeSchedule("ops-dsg", "ops-import-users")
          yield* s.updateSchedule({ ...current, state: "DISABLED" })
          const changed = {
            ...desired,
            schedules: [spec("import", "users", "rate(12 hours)")],
            deleted: ["ops-full-ranking"]
          }
          const third = yield* Maintenance.reconcileSchedules(changed, targetSettings)
          assert.deepStrictEqual(actions(third), ["Update ops-import-users", "Delete ops-full-ranking"])
          const step = third[0]
          assert.deepStrictEqual(step?.action === "Update" ? step.changed : [], ["expression"])
          const updated = yield* s.describeSchedule("ops-dsg", "ops-import-users")
          assert.deepStrictEqual([updated.expression, updated.state], ["rate(12 hours)", "DISABLED"])
          assert.deepStrictEqual(
            (yield* s.listSchedules("ops-dsg")).map((x) => x.name),
            ["ops-import-users"]
          )
          const last = yield* Maintenance.reconcileSchedules(changed, targetSettings)
          assert.deepStrictEqual(actions(last), ["NoOp ops-import-users"])
        })
      )
    )

    it.effect("destroy removes the schedule group with its schedules; a second time finds none", () =>
      run(() =>
        Effect.gen(function* () {
          const desired = { group: "ops-dsg", schedules: [spec("import", "users", "rate(1 day)")], deleted: [] }
          yield* Maintenance.reconcileSchedules(desired, targetSettings)
          assert.strictEqual(yield* Maintenance.removeScheduleGroup("ops-dsg"), true)
          assert.strictEqual(yield* Maintenance.removeScheduleGroup("ops-dsg"), false)
          const plan = yield* Maintenance.planDeploymentSchedules(desired, targetSettings)
          assert.deepStrictEqual(
            plan.map((x) => x.action),
            ["CreateGroup", "Create"]
          )
        })
      )
    )
  })
