import { layerMemoryJobReadModel, layerMemoryJobReadModelWith } from "@personalize-ops/adapters-memory"
import { jobReadModelContract } from "@personalize-ops/core/testing"

jobReadModelContract("memory", () => layerMemoryJobReadModel)
jobReadModelContract("memory, 30 days' retention", () => layerMemoryJobReadModelWith({ retentionDays: 30 }), {
  retentionDays: 30
})
