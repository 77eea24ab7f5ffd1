import { Notify } from "@personalize-ops/core"
import { Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"

/** What tests read of the memory notifications: what was published, in order, as SNS would deliver it. */
export interface NotificationsInspector {
  readonly notifications: ReadonlyArray<Notify.Notification>
}

/** The in-memory notifications (an SNS topic) and what it received. */
export type MemoryNotifications = MemoryAdapter<Notify.Notifications["Service"], NotificationsInspector>

/** Records every notification; as SNS takes it, the subject is cut to one ASCII line of at most 100 characters. */
export const makeMemoryNotifications = (_options: {} = {}): MemoryNotifications => {
  const notifications: Array<Notify.Notification> = []
  return {
    service: Notify.Notifications.of({
      publish: (n) => Effect.sync(() => void notifications.push({ ...n, subject: Notify.snsSubject(n.subject) }))
    }),
    notifications
  }
}

/** The memory notifications' inspection handle, provided next to `Notifications` by `layerMemoryNotifications`. */
export class MemoryNotificationsInspector extends Context.Service<
  MemoryNotificationsInspector,
  NotificationsInspector
>()("@personalize-ops/adapters-memory/monitoring/MemoryNotificationsInspector") {}

/** `Notifications` and its inspector: over one made by `makeMemoryNotifications`, or a fresh one per build. */
export const layerMemoryNotifications = (
  from: MemoryNotifications | {} = {}
): Layer.Layer<Notify.Notifications | MemoryNotificationsInspector> =>
  layerMemoryAdapter(Notify.Notifications, MemoryNotificationsInspector, makeMemoryNotifications, from)
