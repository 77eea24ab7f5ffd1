import { layerMemoryEventStore } from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { assert, describe, it } from "vitest"
import { JobsSettings } from "../../src/jobs/JobsSettings.ts"
import { layerJobsAws } from "../../src/jobs/layerJobsAws.ts"
import { layerJobsEventsAws } from "../../src/jobs/layerJobsEventsAws.ts"

describe("layerJobsAws", () => {
  it("wires settings, the DynamoDB read model and Batch actions around the given event store", async () => {
    const env = ConfigProvider.layer(
      ConfigProvider.fromUnknown({ JOBS_TABLE: "jobs", JOBS_RETENTION_DAYS: "30", JOBS_STUCK_MINUTES: "5" })
    )
    const built = await Effect.runPromise(
      Effect.gen(function* () {
        const settings = yield* JobsSettings
        const rm = yield* Jobs.JobReadModel
        const batch = yield* Jobs.BatchActions
        return { settings, hasPorts: typeof rm.list === "function" && typeof batch.retry === "function" }
      }).pipe(Effect.provide(layerJobsAws(layerMemoryEventStore).pipe(Layer.provide(env))))
    )
    assert.isTrue(built.hasPorts)
    assert.strictEqual(built.settings.tableName, "jobs")
    assert.strictEqual(built.settings.retentionDays, 30)
    assert.strictEqual(built.settings.stuck.default, 5 * 60_000)
  })

  it("layerJobsEventsAws wires settings and the read model around the given event store, and fails on a missing JOBS_TABLE", async () => {
    const provided = (vars: Record<string, string>) =>
      layerJobsEventsAws(layerMemoryEventStore).pipe(
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(vars)))
      )
    const tableName = await Effect.runPromise(
      Effect.gen(function* () {
        const settings = yield* JobsSettings
        const rm = yield* Jobs.JobReadModel
        assert.isFunction(rm.list)
        return settings.tableName
      }).pipe(Effect.provide(provided({ JOBS_TABLE: "jobs" })))
    )
    assert.strictEqual(tableName, "jobs")
    const missing = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* JobsSettings
      }).pipe(Effect.provide(provided({})), Effect.flip)
    )
    assert.include(String(missing), "JOBS_TABLE")
  })
})
