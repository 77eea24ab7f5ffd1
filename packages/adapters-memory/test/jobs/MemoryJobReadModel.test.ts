import { layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { jobReadModelContract } from "@personalize-ops/core/testing"

jobReadModelContract("memory", () => layerMemoryJobReadModel)
