import { assert, describe, it } from "@effect/vitest"
import { Maintenance } from "@personalize-ops/core"
import { schedulerContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll } from "vitest"
import { layerAwsScheduler } from "../../src/index.ts"
import { SchedulerClients } from "../../src/sdk/SchedulerClients.ts"
import { type LocalScheduler, startLocalScheduler } from "../../src/testing/index.ts"
import { localCredentials } from "../../src/testing/localAws.ts"

let local: LocalScheduler
beforeAll(async () => {
  local = await startLocalScheduler()
})
afterAll(() => local.close())

const layer = () =>
  layerAwsScheduler("us-east-1").pipe(
    Layer.provide(SchedulerClients.layerOptions({ endpoint: local.endpoint, credentials: localCredentials }))
  )

// Each contract test uses its own group names, and the server's state outlives a test: run the
// contract on a fresh server per test instead of sharing one.
describe("AWS Scheduler adapter", () => {
  schedulerContract("aws (SDK against a local restJson1 endpoint)", () =>
    Layer.unwrap(
      Effect.acquireRelease(
        Effect.promise(() => startLocalScheduler()),
        (server) => Effect.promise(() => server.close())
      ).pipe(
        Effect.map((server) =>
          layerAwsScheduler("us-east-1").pipe(
            Layer.provide(SchedulerClients.layerOptions({ endpoint: server.endpoint, credentials: localCredentials }))
          )
        )
      )
    )
  )

  it.effect("schedules and groups go through the Scheduler API's operations, pages followed", () =>
    Effect.gen(function* () {
      const s = yield* Maintenance.Scheduler
      yield* s.createGroup("paging")
      const target = {
        arn: "arn:aws:states:us-east-1:000000000000:stateMachine:m",
        roleArn: "arn:aws:iam::000000000000:role/r",
        input: "{}"
      }
      for (const name of ["a", "b", "c", "d", "e"])
        yield* s.createSchedule({ name, group: "paging", expression: "rate(1 hour)", state: "ENABLED", target })
      assert.deepStrictEqual(
        (yield* s.listSchedules("paging")).map((x) => x.name),
        ["a", "b", "c", "d", "e"]
      )
      const operations = new Set(local.received.map((r) => r.operation))
      for (const op of ["CreateScheduleGroup", "CreateSchedule", "ListSchedules"]) assert.isTrue(operations.has(op), op)
      assert.strictEqual(local.received.filter((r) => r.operation === "ListSchedules").length, 3)
    }).pipe(Effect.provide(layer()))
  )
})
