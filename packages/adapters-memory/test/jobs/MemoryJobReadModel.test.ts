import { layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { readModelContract } from "./readModelContract.ts"

readModelContract("memory", () => layerMemoryJobReadModel)
