import { Ingestion } from "@personalize-ops/core"
import { Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"

/** What tests read of the memory dead letter: the letters it holds. */
export interface DeadLetterInspector {
  readonly entries: () => ReadonlyArray<Ingestion.DeadLetterEntry>
}

/** The in-memory dead letter and what it holds. */
export type MemoryDeadLetter = MemoryAdapter<Ingestion.DeadLetter["Service"], DeadLetterInspector>

/** Faults of the memory dead letter. */
export interface MemoryDeadLetterOptions {
  readonly failAll?: boolean
  readonly failWhen?: (entry: Ingestion.DeadLetterEntry) => boolean
}

const holds = (entries: ReadonlyArray<Ingestion.DeadLetterEntry>, dedupeKey: string) =>
  entries.some((e) => e.dedupeKey === dedupeKey)

/**
 * An in-memory dead letter. `failAll` makes every send fail; `failWhen` refuses single entries
 * (as SQS SendMessageBatch reports per-entry failures).
 */
export const makeMemoryDeadLetter = (options: MemoryDeadLetterOptions = {}): MemoryDeadLetter => {
  const entries: Array<Ingestion.DeadLetterEntry> = []
  const send: Ingestion.DeadLetter["Service"]["send"] = (batch) =>
    Effect.suspend(() => {
      if (options.failAll === true)
        return Effect.fail(new Ingestion.DeadLetterFailure({ detail: "injected failure", cause: undefined }))
      const failedIds: Array<string> = []
      for (const entry of batch) {
        if (options.failWhen?.(entry) === true) failedIds.push(entry.id)
        // Like a FIFO queue's deduplication: a redelivered record's letter is kept once.
        else if (!holds(entries, entry.dedupeKey)) entries.push(entry)
      }
      return Effect.succeed({ failedIds })
    })
  return { service: Ingestion.DeadLetter.of({ send }), entries: () => entries }
}

/** The memory dead letter's inspection handle, provided next to `DeadLetter` by `layerMemoryDeadLetter`. */
export class MemoryDeadLetterInspector extends Context.Service<MemoryDeadLetterInspector, DeadLetterInspector>()(
  "@personalize-ops/adapters-memory/ingestion/MemoryDeadLetterInspector"
) {}

/** `DeadLetter` and its inspector: over a dead letter made by `makeMemoryDeadLetter`, or a fresh one per build. */
export const layerMemoryDeadLetter = (
  from: MemoryDeadLetter | MemoryDeadLetterOptions = {}
): Layer.Layer<Ingestion.DeadLetter | MemoryDeadLetterInspector> =>
  layerMemoryAdapter(Ingestion.DeadLetter, MemoryDeadLetterInspector, makeMemoryDeadLetter, from)
