import { Maintenance } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { PersonalizeTwin } from "./PersonalizeTwin.ts"

/** GetSolutionMetrics on the twin (`layerMemoryPersonalize`): a trained version's seeded offline metrics. */
export const layerMemorySolutionMetrics: Layer.Layer<Maintenance.SolutionMetricsSource, never, PersonalizeTwin> =
  Layer.effect(
    Maintenance.SolutionMetricsSource,
    Effect.map(Effect.service(PersonalizeTwin), (twin) =>
      Maintenance.SolutionMetricsSource.of({ get: twin.solutionMetrics })
    )
  )
