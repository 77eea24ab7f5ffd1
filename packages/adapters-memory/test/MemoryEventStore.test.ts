import { eventStoreContract } from "@personalize-ops/core/testing"
import { layerMemoryEventStore, layerMemoryEventStoreWith, memoryAppendLimitBytes } from "../src/index.ts"

eventStoreContract("memory", () => layerMemoryEventStore, { appendLimitBytes: memoryAppendLimitBytes })

// A custom limit is honoured and stated (the contract discovers it from the store's error).
eventStoreContract("memory, 64 KB appends", () => layerMemoryEventStoreWith({ appendLimitBytes: 64 * 1024 }), {
  numRuns: 10
})
