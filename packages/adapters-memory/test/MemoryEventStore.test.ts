import { eventStoreContract } from "@personalize-ops/core/testing"
import { layerMemoryEventStoreWith, memoryAppendLimitBytes } from "../src/index.ts"

eventStoreContract("memory", () => layerMemoryEventStoreWith({}), { appendLimitBytes: memoryAppendLimitBytes })
