import { layerMemoryPersonalize, layerMemorySolutionMetrics } from "@personalize-ops/adapters-memory"
import { solutionMetricsContract } from "@personalize-ops/core/testing"
import { Layer } from "effect"

solutionMetricsContract("the twin", () =>
  Layer.fresh(layerMemorySolutionMetrics.pipe(Layer.provideMerge(layerMemoryPersonalize({ seed: 1 }))))
)
