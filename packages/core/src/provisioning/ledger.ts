import { Effect } from "effect"
import { decodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import { type StreamId, streamId } from "../kernel/Stream.ts"
import { type ProvisioningEvent, provisioningCodec } from "./events.ts"

/** The provisioning stream of a dataset group. */
export const provisioningStream = (datasetGroupName: string): StreamId => streamId("provisioning", datasetGroupName)

/** Reads the provisioning stream back into events (undecodable events are skipped: they carry no ledger). */
export const readProvisioningEvents = (
  stream: StreamId
): Effect.Effect<ReadonlyArray<ProvisioningEvent>, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const stored = yield* store.read(stream).pipe(Effect.orElseSucceed(() => []))
    const out: Array<ProvisioningEvent> = []
    for (const s of stored) {
      const decoded = decodeEvent(provisioningCodec, s)
      if (decoded._tag === "Success") out.push(decoded.success)
    }
    return out
  })
