import { Effect } from "effect"
import { decodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import { type StreamId, streamId } from "../kernel/Stream.ts"
import { ledgerEventTypes, ledgerOf, type ProvisioningEvent, provisioningCodec } from "./events.ts"
import type { LedgerEntry } from "./Observed.ts"

/** The provisioning stream of a dataset group. */
export const provisioningStream = (datasetGroupName: string): StreamId => streamId("provisioning", datasetGroupName)

/** Reads the provisioning stream back into events of the given types, or all (undecodable ones are skipped). */
const readEvents = (
  stream: StreamId,
  types?: ReadonlySet<string>
): Effect.Effect<ReadonlyArray<ProvisioningEvent>, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const stored = yield* store.read(stream).pipe(Effect.orElseSucceed(() => []))
    const out: Array<ProvisioningEvent> = []
    for (const s of stored) {
      if (types !== undefined && !types.has(s.type)) continue
      const decoded = decodeEvent(provisioningCodec, s)
      if (decoded._tag === "Success") out.push(decoded.success)
    }
    return out
  })

/** Reads the provisioning stream back into events (undecodable events are skipped: they carry no ledger). */
export const readProvisioningEvents = (
  stream: StreamId
): Effect.Effect<ReadonlyArray<ProvisioningEvent>, never, EventStore> => readEvents(stream)

/**
 * The ledger of a provisioning stream (`ledgerOf`): only the events it folds are decoded, not the
 * statuses, retries and decisions around them (most of a stream).
 */
export const readLedger = (stream: StreamId): Effect.Effect<Map<string, LedgerEntry>, never, EventStore> =>
  Effect.map(readEvents(stream, ledgerEventTypes), ledgerOf)
