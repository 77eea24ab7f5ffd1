import { personalizeContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { layerAwsPersonalize } from "../../src/index.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import { localCredentials } from "../../src/testing/localAws.ts"
import { serveTwin } from "../support/servedTwin.ts"

// The AWS adapter through the real SDK client stack over HTTP, against a fresh `personalize-ops twin
// serve` per test (a child process: see support/servedTwin.ts), at 10^5× speed.
personalizeContract("AWS adapter (SDK over HTTP, served twin)", () =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.promise(() => serveTwin({ speed: 100_000 })),
      (twin) => Effect.promise(() => twin.stop())
    ).pipe(
      Effect.map((twin) =>
        layerAwsPersonalize().pipe(
          Layer.provide(
            PersonalizeClients.layerOptions({
              region: "us-east-1",
              endpoint: twin.endpoint,
              credentials: localCredentials
            })
          )
        )
      )
    )
  )
)
