// Every memory adapter has one shape: `layerMemory<Port>(options | made)` provides the port and a
// `Memory<Port>Inspector` (what it recorded). The standalone Metrics, Notifications, Alarms, Dashboards and
// EventBus pass their contracts.
import { assert, describe, it } from "@effect/vitest"
import { Ingestion, Jobs, Monitoring, Notify } from "@personalize-ops/core"
import {
  alarmsContract,
  dashboardsContract,
  eventBusContract,
  metricsContract,
  notificationsContract
} from "@personalize-ops/core/testing"
import { Effect } from "effect"
import {
  layerMemoryDeadLetter,
  layerMemoryPersonalizeEvents,
  MemoryDeadLetterInspector,
  MemoryPersonalizeEventsInspector
} from "../src/ingestion/index.ts"
import { layerMemoryBatchActions, MemoryBatchInspector } from "../src/jobs/index.ts"
import {
  layerMemoryAlarms,
  layerMemoryDashboards,
  layerMemoryEventBus,
  layerMemoryMetrics,
  layerMemoryNotifications,
  MemoryAlarmsInspector,
  MemoryDashboardsInspector,
  MemoryEventBusInspector,
  MemoryMetricsInspector,
  MemoryMonitoringInspector,
  MemoryMonitoringWorld,
  MemoryNotificationsInspector,
  makeMemoryAlarms,
  makeMemoryEventBus,
  makeMemoryNotifications
} from "../src/monitoring/index.ts"

const letter: Ingestion.DeadLetterEntry = {
  id: "r1",
  source: "segment",
  bucket: "invalid",
  reason: "bad",
  encoding: "utf8",
  payload: "{}",
  at: 0,
  dedupeKey: "segment|r1"
}

describe("memory adapters: one shape (port + inspector)", () => {
  it.effect("DeadLetter: the inspector holds what was sent; options make a fresh one per build", () =>
    Effect.gen(function* () {
      const deadLetter = yield* Ingestion.DeadLetter
      yield* deadLetter.send([letter])
      const inspector = yield* MemoryDeadLetterInspector
      assert.deepStrictEqual(
        inspector.entries().map((e) => e.id),
        ["r1"]
      )
    }).pipe(Effect.provide(layerMemoryDeadLetter()))
  )

  it.effect("DeadLetter: faults come from the options", () =>
    Effect.gen(function* () {
      const deadLetter = yield* Ingestion.DeadLetter
      const { failedIds } = yield* deadLetter.send([letter])
      assert.deepStrictEqual(failedIds, ["r1"])
      assert.strictEqual((yield* MemoryDeadLetterInspector).entries().length, 0)
    }).pipe(Effect.provide(layerMemoryDeadLetter({ failWhen: () => true })))
  )

  it.effect("PersonalizeEvents: the inspector sees the accepted requests", () =>
    Effect.gen(function* () {
      const events = yield* Ingestion.PersonalizeEvents
      yield* events.putEvents({
        trackingId: "t",
        sessionId: "s",
        eventList: [{ eventType: "click", sentAt: 1_700_000_000_000, eventId: "e1" }]
      })
      const inspector = yield* MemoryPersonalizeEventsInspector
      assert.strictEqual(inspector.accepted().length, 1)
      assert.strictEqual(inspector.calls().length, 1)
    }).pipe(Effect.provide(layerMemoryPersonalizeEvents()))
  )

  it.effect("BatchActions: the inspector sees the terminations", () =>
    Effect.gen(function* () {
      const batch = yield* Jobs.BatchActions
      yield* batch.terminate("j1", "stuck")
      assert.deepStrictEqual((yield* MemoryBatchInspector).terminations, [{ jobId: "j1", reason: "stuck" }])
    }).pipe(
      Effect.provide(
        layerMemoryBatchActions([
          {
            jobId: "j1",
            jobName: "n",
            jobQueue: "q",
            jobDefinition: "d",
            parameters: {},
            shape: { kind: "container" }
          }
        ])
      )
    )
  )

  it.effect("Notifications: subjects as SNS delivers them; a made adapter is shared with the test", () => {
    const made = makeMemoryNotifications()
    return Effect.gen(function* () {
      const notifications = yield* Notify.Notifications
      yield* notifications.publish({ region: "us-east-1", subject: `long ${"x".repeat(200)}`, message: "m" })
      const inspector = yield* MemoryNotificationsInspector
      assert.strictEqual(inspector.notifications.length, 1)
      assert.isAtMost(inspector.notifications[0]!.subject.length, 100)
      assert.strictEqual(made.notifications, inspector.notifications)
    }).pipe(Effect.provide(layerMemoryNotifications(made)))
  })

  it.effect("Metrics: the inspector holds every datum put", () =>
    Effect.gen(function* () {
      const metrics = yield* Monitoring.Metrics
      yield* metrics.putMetricData("us-east-1", "NS", [
        { metricName: "m", dimensions: [], value: 1, unit: "Count", timestamp: 0 }
      ])
      assert.strictEqual((yield* MemoryMetricsInspector).published.length, 1)
    }).pipe(Effect.provide(layerMemoryMetrics()))
  )

  it.effect("Alarms: the inspector holds the alarms per region and the calls; a made adapter is shared", () => {
    const made = makeMemoryAlarms()
    const alarm = Monitoring.desiredAlarms(
      [
        {
          arn: "arn:aws:personalize:eu-west-1:123456789012:campaign/c",
          name: "c",
          kind: "campaign",
          region: "eu-west-1",
          datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/g",
          datasetGroupName: "g",
          minTPS: 2,
          status: "ACTIVE",
          createdAt: 0
        }
      ],
      Monitoring.defaultSettings,
      0
    )[0]!
    return Effect.gen(function* () {
      const alarms = yield* Monitoring.Alarms
      yield* alarms.put(alarm)
      const inspector = yield* MemoryAlarmsInspector
      assert.deepStrictEqual([...(inspector.alarms.get("eu-west-1")?.keys() ?? [])], [alarm.name])
      yield* alarms.delete("eu-west-1", [alarm.name])
      assert.deepStrictEqual(
        inspector.calls.map((c) => [c.operation, c.detail]),
        [
          ["PutMetricAlarm", alarm.name],
          ["DeleteAlarms", [alarm.name]]
        ]
      )
      assert.strictEqual(inspector.alarms.get("eu-west-1")?.size, 0)
      assert.strictEqual(made.calls, inspector.calls)
    }).pipe(Effect.provide(layerMemoryAlarms(made)))
  })

  it.effect("Dashboards: the inspector holds each body; a refused body is neither kept nor recorded", () =>
    Effect.gen(function* () {
      const dashboards = yield* Monitoring.Dashboards
      yield* dashboards.put("ops", JSON.stringify({ widgets: [] }))
      const refused = yield* Effect.flip(dashboards.put("bad", "not json"))
      assert.strictEqual(refused.name, "InvalidParameterInput")
      const inspector = yield* MemoryDashboardsInspector
      assert.deepStrictEqual([...inspector.dashboards.keys()], ["ops"])
      assert.deepStrictEqual(
        inspector.calls.map((c) => c.operation),
        ["PutDashboard"]
      )
    }).pipe(Effect.provide(layerMemoryDashboards()))
  )

  it.effect("EventBus: the inspector holds copies of the events put, with their region", () =>
    Effect.gen(function* () {
      const bus = yield* Monitoring.EventBus
      const detail = { Reason: "r" }
      yield* bus.put("us-east-1", [
        { source: Monitoring.MonitorSource, detailType: Monitoring.DetailType.BuildDashboard, detail }
      ])
      detail.Reason = "changed after the put"
      const inspector = yield* MemoryEventBusInspector
      assert.deepStrictEqual(
        inspector.bus.map((e) => [e.region, e.event.detail]),
        [["us-east-1", { Reason: "r" }]]
      )
    }).pipe(Effect.provide(layerMemoryEventBus()))
  )

  it.effect("the monitoring world provides itself as its inspector", () => {
    const world = new MemoryMonitoringWorld()
    return Effect.gen(function* () {
      assert.strictEqual(yield* MemoryMonitoringInspector, world)
    }).pipe(Effect.provide(world.layer))
  })
})

metricsContract("memory (standalone)", () => layerMemoryMetrics())
alarmsContract("memory (standalone)", () => layerMemoryAlarms())
dashboardsContract("memory (standalone)", () => layerMemoryDashboards())
eventBusContract("memory (standalone)", () =>
  Effect.sync(() => {
    const made = makeMemoryEventBus()
    return { port: made.service, delivered: () => made.bus }
  })
)

notificationsContract("memory (standalone)", () =>
  Effect.sync(() => {
    const made = makeMemoryNotifications()
    return {
      port: made.service,
      published: () => made.notifications.map((n) => ({ region: n.region, subject: n.subject, message: n.message }))
    }
  })
)
