import { Monitoring, Notify } from "@personalize-ops/core"
import { eventBusContract, notificationsContract } from "@personalize-ops/core/testing"
import { Effect } from "effect"
import { MemoryMonitoringWorld } from "../../src/monitoring/index.ts"

const portOf = <A>(
  world: MemoryMonitoringWorld,
  read: Effect.Effect<A, never, Monitoring.EventBus | Notify.Notifications>
) => Effect.provide(read, world.layer)

eventBusContract("memory", () =>
  Effect.gen(function* () {
    const world = new MemoryMonitoringWorld()
    const port = yield* portOf(
      world,
      Effect.gen(function* () {
        return yield* Monitoring.EventBus
      })
    )
    return { port, delivered: () => world.bus }
  })
)

notificationsContract("memory", () =>
  Effect.gen(function* () {
    const world = new MemoryMonitoringWorld()
    const port = yield* portOf(
      world,
      Effect.gen(function* () {
        return yield* Notify.Notifications
      })
    )
    return {
      port,
      published: () => world.notifications.map((n) => ({ region: n.region, subject: n.subject, message: n.message }))
    }
  })
)
