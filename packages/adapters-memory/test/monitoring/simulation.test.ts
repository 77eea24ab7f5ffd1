import { assert, describe, it } from "@effect/vitest"
import { Kernel, Monitoring, Personalize } from "@personalize-ops/core"
import { Effect, Result } from "effect"
import { TestClock } from "effect/testing"
import { MemoryMonitoringWorld, noisy, requestsBetween, step } from "../../src/index.ts"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const account = "123456789012"
const arn = (name: string) => `arn:aws:personalize:us-east-1:${account}:campaign/${name}`
const campaign = (name: string, minTPS: number): Personalize.MonitoredResource => ({
  arn: arn(name),
  name,
  kind: "campaign",
  region: "us-east-1",
  datasetGroupArn: `arn:aws:personalize:us-east-1:${account}:dataset-group/retail`,
  datasetGroupName: "retail",
  minTPS,
  status: "ACTIVE",
  createdAt: 0
})

const settings: Monitoring.MonitorSettings = {
  ...Monitoring.defaultSettings,
  regions: ["us-east-1"],
  autoDeleteOrStopIdleResources: true,
  idleThresholdHours: 24,
  accountId: account
}
const context = { correlationId: "simulation", actor: "test" }
const options = { homeRegion: "us-east-1", context }

/** Delivers the bus's command events to the command handlers, as the EventBridge rules do. */
const dispatch = (world: MemoryMonitoringWorld) =>
  Effect.gen(function* () {
    let events = world.drainBus()
    while (events.length > 0) {
      for (const e of events) {
        switch (e.detailType) {
          case Monitoring.DetailType.UpdateCampaignMinTps: {
            const detail = yield* Monitoring.decodeInput(Monitoring.UpdateMinTpsDetail, e.detail, "detail")
            yield* Monitoring.applyUpdateMinTps(detail, options)
            break
          }
          case Monitoring.DetailType.DeleteCampaign: {
            const detail = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, e.detail, "detail")
            yield* Monitoring.applyRemoveResource(detail, settings, options)
            break
          }
          case Monitoring.DetailType.BuildDashboard:
            yield* Monitoring.buildDashboards(settings, options)
            break
        }
      }
      events = world.drainBus()
    }
  })

describe("a month of monitoring on the memory adapters", () => {
  it.effect("steps a campaign down hour by hour to its watermark and deletes an idle campaign once", () =>
    Effect.gen(function* () {
      const dropAt = 10 * DAY
      const dropProfile = noisy(step({ before: 50, after: 6, at: dropAt }), { seed: 7, amplitude: 0.05 })
      const world = new MemoryMonitoringWorld()
        .addResource(campaign("shop", 40), dropProfile)
        .addResource(campaign("legacy", 1), step({ before: 5, after: 0, at: 5 * DAY }))
        .addSolution({
          solutionArn: `arn:aws:personalize:us-east-1:${account}:solution/shop`,
          solutionName: "shop",
          datasetGroupArn: `arn:aws:personalize:us-east-1:${account}:dataset-group/retail`,
          region: "us-east-1",
          lastSolutionVersionAt: 0,
          lastSolutionVersionStatus: "ACTIVE"
        })
      const run = Effect.gen(function* () {
        yield* Monitoring.buildDashboards(settings, options)
        for (let i = 0; i < 30 * 288; i++) {
          yield* TestClock.adjust("5 minutes")
          yield* Monitoring.runMonitor(settings, options)
          yield* dispatch(world)
        }
      })
      yield* run.pipe(Effect.provide(world.layer))

      // Step-down: consecutive hours after the drop, 25 % each, ending at the 14-day watermark.
      const updates = world.calls.filter((c) => c.operation === "UpdateMinTps" && c.arn === arn("shop"))
      assert.isAbove(updates.length, 3)
      assert.isAbove(updates[0]!.at, dropAt)
      let previous = 40
      for (const [i, u] of updates.entries()) {
        const next = u.detail as number
        assert.isBelow(next, previous)
        assert.isAtLeast(next, Math.floor(previous * 0.75))
        if (i > 0) assert.strictEqual(u.at - updates[i - 1]!.at, HOUR)
        previous = next
      }
      const end = 30 * DAY
      let minHour = Number.POSITIVE_INFINITY
      for (let h = end - 14 * DAY; h < end - HOUR; h += HOUR)
        minHour = Math.min(minHour, requestsBetween(dropProfile, arn("shop"), h, h + HOUR))
      const watermark = Math.floor(minHour / 3600)
      const shopNow = yield* Personalize.describeMonitored(arn("shop")).pipe(Effect.provide(world.layer))
      assert.strictEqual(shopNow.minTPS, watermark)

      // Idle: deleted exactly once, after a day without requests; alarms gone; dashboard rebuilt without it.
      const deletes = world.calls.filter((c) => c.operation === "DeleteCampaign")
      assert.strictEqual(deletes.length, 1)
      assert.isAtLeast(deletes[0]!.at, 6 * DAY)
      assert.isBelow(deletes[0]!.at, 6 * DAY + 2 * HOUR)
      const legacyNow = yield* Effect.flip(
        Personalize.describeMonitored(arn("legacy")).pipe(Effect.provide(world.layer))
      )
      assert.strictEqual(legacyNow._tag, "ResourceNotFound")
      const alarmNames = [...(world.alarms.get("us-east-1")?.keys() ?? [])].sort()
      assert.deepStrictEqual(alarmNames, [
        "PersonalizeMonitor-IdleCampaign-shop",
        "PersonalizeMonitor-LowCampaignUtilization-shop"
      ])
      const rebuilt = world.calls.filter((c) => c.operation === "PutDashboard" && c.at === deletes[0]!.at)
      assert.strictEqual(rebuilt.length, 1)
      const body = world.dashboards.get("Amazon-Personalize-Monitor") ?? ""
      assert.include(body, arn("shop"))
      assert.notInclude(body, arn("legacy"))
      assert.include(body, "Retraining freshness")

      // The history of decisions is in the event store.
      const legacy = yield* Kernel.load(
        Monitoring.resourceMonitorDecider,
        Monitoring.monitorEventCodec,
        Monitoring.monitorStream(arn("legacy"))
      ).pipe(Effect.provideService(Kernel.EventStore, world.eventStore))
      assert.isTrue(legacy.state.removed)
      const stored = yield* world.eventStore.read(Monitoring.monitorStream(arn("legacy")))
      assert.deepStrictEqual(
        stored.map((e) => e.type),
        ["IdleActionDecided", "CampaignDeleted"]
      )
      const shop = yield* world.eventStore.read(Monitoring.monitorStream(arn("shop")))
      const decided = shop
        .filter((e) => e.type === "MinTpsStepDownDecided")
        .map((e) => {
          const d = Kernel.decodeEvent(Monitoring.monitorEventCodec, e)
          return Result.isSuccess(d) && d.success._tag === "MinTpsStepDownDecided" ? d.success.decision.NewMinTPS : -1
        })
      assert.deepStrictEqual(
        decided,
        updates.map((u) => u.detail as number)
      )
      assert.isTrue(world.notifications.some((n) => n.subject.includes("legacy deleted")))
    })
  )
})
