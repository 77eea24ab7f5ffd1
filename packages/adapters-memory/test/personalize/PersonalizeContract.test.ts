import { personalizeContract } from "@personalize-ops/core/testing"
import { Layer } from "effect"
import { layerMemoryPersonalize } from "../../src/index.ts"

personalizeContract("the twin", () => Layer.fresh(layerMemoryPersonalize({ seed: 1 })))
