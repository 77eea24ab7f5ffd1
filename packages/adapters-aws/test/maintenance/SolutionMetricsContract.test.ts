import { solutionMetricsContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { layerAwsPersonalize, layerAwsSolutionMetrics } from "../../src/index.ts"
import { localCredentials } from "../../src/testing/localAws.ts"
import { serveTwin } from "../support/servedTwin.ts"

// GetSolutionMetrics through the real SDK stack against a fresh served twin, which trained the version.
solutionMetricsContract("AWS adapter (SDK over HTTP, served twin)", () =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.promise(() => serveTwin({ speed: 100_000 })),
      (twin) => Effect.promise(() => twin.stop())
    ).pipe(
      Effect.map((twin) => {
        const config = { region: "us-east-1", endpoint: twin.endpoint, credentials: localCredentials, maxAttempts: 1 }
        return Layer.merge(layerAwsPersonalize(config), layerAwsSolutionMetrics(config))
      })
    )
  )
)
