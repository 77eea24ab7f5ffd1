import { assert, describe, it } from "@effect/vitest"
import { Kernel, Monitoring, Personalize, Provisioning } from "@personalize-ops/core"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { constant, MemoryMonitoringWorld, makeMemoryEventStore, makePersonalizeTwin } from "../../src/index.ts"
import { mlOpsDeployment } from "../provisioning/anchorDeployments.ts"

const HOUR = 3_600_000
const settings: Monitoring.MonitorSettings = {
  ...Monitoring.defaultSettings,
  regions: ["us-east-1"],
  autoDeleteOrStopIdleResources: true,
  idleThresholdHours: 24,
  accountId: "000000000000"
}
const options = { homeRegion: "us-east-1", context: { correlationId: "provision-then-monitor", actor: "test" } }

/** Advances the TestClock an hour at a time until the forked effect is done (training takes hours). */
const untilDone = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let hour = 0; fiber.pollUnsafe() === undefined && hour < 60 * 24; hour++) yield* TestClock.adjust("1 hour")
    return yield* Fiber.join(fiber)
  })

/** Delivers the monitor's delete commands, as the EventBridge rule does. */
const dispatch = (world: MemoryMonitoringWorld) =>
  Effect.gen(function* () {
    for (const e of world.drainBus())
      if (e.detailType === Monitoring.DetailType.DeleteCampaign) {
        const detail = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, e.detail, "detail")
        yield* Monitoring.applyRemoveResource(detail, settings, options)
      }
  })

describe("provision, then monitor, in one virtual timeline", () => {
  it.effect(
    "the monitor finds the campaigns apply created on the twin, reads their traffic and removes the idle one",
    () =>
      Effect.gen(function* () {
        // 1. Provision the ml_ops anchor config on a twin: hours of training pass on the TestClock.
        const twin = yield* makePersonalizeTwin({ seed: 3 })
        const provisioning = Layer.mergeAll(
          Layer.succeed(Personalize.Personalize, twin.personalize),
          Layer.succeed(Kernel.EventStore, makeMemoryEventStore())
        )
        const applied = yield* untilDone(
          Provisioning.applyDeployment(mlOpsDeployment()).pipe(Effect.provide(provisioning))
        )
        assert.isTrue(applied.ok, JSON.stringify(applied.failures))
        const campaigns = (yield* twin.inspector.inventory).filter((d) => d.kind === "Campaign")
        assert.strictEqual(campaigns.length, 3)
        const byName = new Map(campaigns.map((c) => [c.name, c]))
        const busy = byName.get("userPersonalizationCampaign")!
        const ranking = byName.get("personalizedRankingCampaign")!
        const idle = byName.get("simsCampaign")!
        // Campaigns come after hours of training: their creation time is the twin's, later than the start.
        assert.isAbove(busy.creationDateTime, HOUR)

        // 2. Monitor those campaigns through the same twin, on the same clock: traffic per campaign.
        const world = new MemoryMonitoringWorld({ twin })
          .setTraffic(busy.arn, constant(0.5))
          .setTraffic(ranking.arn, constant(2))
          .setTraffic(idle.arn, constant(0))
        const first = yield* Monitoring.runMonitor(settings, options).pipe(Effect.provide(world.layer))
        // Readings of every provisioned campaign; the dataset group and recipe come from their solutions.
        assert.deepStrictEqual(first.readings.map((r) => r.resource.name).sort(), [...byName.keys()].sort())
        for (const r of first.readings) {
          assert.strictEqual(r.resource.datasetGroupName, "MovieLensDemo")
          assert.strictEqual(r.resource.createdAt, byName.get(r.resource.name)?.creationDateTime)
          assert.strictEqual(r.resource.minTPS, 1)
          assert.strictEqual(r.resource.status, "ACTIVE")
        }
        const rankingResource = first.readings.find((r) => r.resource.arn === ranking.arn)!.resource
        assert.strictEqual(Monitoring.requestMetric(rankingResource), "GetPersonalizedRanking")

        // 3. Two days of five-minute runs: the idle campaign is deleted once, through the twin.
        const run = Effect.gen(function* () {
          let last = first
          for (let i = 0; i < 2 * 288; i++) {
            yield* TestClock.adjust("5 minutes")
            last = yield* Monitoring.runMonitor(settings, options)
            yield* dispatch(world)
          }
          return last
        })
        const last = yield* run.pipe(Effect.provide(world.layer))
        const deletes = world.calls.filter((c) => c.operation === "DeleteCampaign")
        assert.deepStrictEqual(
          deletes.map((d) => d.arn),
          [idle.arn]
        )
        // Deleted no earlier than a day after its creation (the idle threshold).
        assert.isAtLeast(deletes[0]!.at - idle.creationDateTime, 24 * HOUR)
        const gone = yield* Effect.flip(twin.personalize.describe("Campaign", idle.arn))
        assert.strictEqual(gone._tag, "ResourceNotFound")
        const readings = new Map(last.readings.map((r) => [r.resource.name, r]))
        assert.isFalse(readings.has("simsCampaign"))
        assert.closeTo(readings.get("userPersonalizationCampaign")!.utilization, 50, 0.5)
        assert.closeTo(readings.get("personalizedRankingCampaign")!.actual, 2, 0.01)
      })
  )
})
