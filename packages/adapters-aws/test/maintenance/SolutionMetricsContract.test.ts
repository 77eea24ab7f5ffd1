import { solutionMetricsContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { layerAwsPersonalize, layerAwsSolutionMetrics } from "../../src/index.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
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
        const clients = { region: "us-east-1", endpoint: twin.endpoint, credentials: localCredentials }
        return Layer.merge(layerAwsPersonalize(), layerAwsSolutionMetrics()).pipe(
          Layer.provide(PersonalizeClients.layerOptions(clients))
        )
      })
    )
  )
)
