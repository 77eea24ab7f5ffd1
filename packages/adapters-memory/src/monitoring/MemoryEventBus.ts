import { Monitoring } from "@personalize-ops/core"
import { Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"

/** An event put on the bus, with the region it was put in. */
export interface PutBusEvent {
  readonly region: string
  readonly event: Monitoring.BusEvent
}

/** What tests read of the memory EventBridge bus: every event put, in order (copies, as delivered). */
export interface EventBusInspector {
  readonly bus: Array<PutBusEvent>
}

/** The in-memory EventBridge bus and what was put on it. */
export type MemoryEventBus = MemoryAdapter<Monitoring.EventBus["Service"], EventBusInspector>

const delivered = (bus: Array<PutBusEvent>, region: string, events: ReadonlyArray<Monitoring.BusEvent>) => {
  for (const event of events) bus.push({ region, event: structuredClone(event) })
}

/** Keeps every event put, in order, as EventBridge would deliver it (a copy: later changes do not show). */
export const makeMemoryEventBus = (_options: {} = {}): MemoryEventBus => {
  const bus: Array<PutBusEvent> = []
  return {
    service: Monitoring.EventBus.of({ put: (region, events) => Effect.sync(() => delivered(bus, region, events)) }),
    bus
  }
}

/** The memory bus's inspection handle, provided next to `EventBus` by `layerMemoryEventBus`. */
export class MemoryEventBusInspector extends Context.Service<MemoryEventBusInspector, EventBusInspector>()(
  "@personalize-ops/adapters-memory/monitoring/MemoryEventBusInspector"
) {}

/** `EventBus` and its inspector: over one made by `makeMemoryEventBus`, or a fresh one per build. */
export const layerMemoryEventBus = (
  from: MemoryEventBus | {} = {}
): Layer.Layer<Monitoring.EventBus | MemoryEventBusInspector> =>
  layerMemoryAdapter(Monitoring.EventBus, MemoryEventBusInspector, makeMemoryEventBus, from)
