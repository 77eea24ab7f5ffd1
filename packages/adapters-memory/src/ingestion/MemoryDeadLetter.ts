import { Ingestion } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

/** The in-memory dead letter and what it holds. */
export interface MemoryDeadLetter {
  readonly service: Ingestion.DeadLetter["Service"]
  readonly entries: () => ReadonlyArray<Ingestion.DeadLetterEntry>
}

/**
 * An in-memory dead letter. `failAll` makes every send fail; `failWhen` refuses single entries
 * (as SQS SendMessageBatch reports per-entry failures).
 */
export const makeMemoryDeadLetter = (
  options: { readonly failAll?: boolean; readonly failWhen?: (entry: Ingestion.DeadLetterEntry) => boolean } = {}
): MemoryDeadLetter => {
  const entries: Array<Ingestion.DeadLetterEntry> = []
  const send: Ingestion.DeadLetter["Service"]["send"] = (batch) =>
    Effect.suspend(() => {
      if (options.failAll === true)
        return Effect.fail(new Ingestion.DeadLetterFailure({ detail: "injected failure", cause: undefined }))
      const failedIds: Array<string> = []
      for (const entry of batch) {
        if (options.failWhen?.(entry) === true) failedIds.push(entry.id)
        // Like a FIFO queue's deduplication: a redelivered record's letter is kept once.
        else if (!entries.some((e) => e.dedupeKey === entry.dedupeKey)) entries.push(entry)
      }
      return Effect.succeed({ failedIds })
    })
  return { service: Ingestion.DeadLetter.of({ send }), entries: () => entries }
}

/** A layer over a memory dead letter made by `makeMemoryDeadLetter`. */
export const layerMemoryDeadLetter = (
  memory: MemoryDeadLetter = makeMemoryDeadLetter()
): Layer.Layer<Ingestion.DeadLetter> => Layer.succeed(Ingestion.DeadLetter, memory.service)
