import { personalizeContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { layerAwsPersonalize } from "../../src/index.ts"
import { startFakePersonalize } from "../../src/testing/index.ts"
import { localCredentials } from "../support/localAws.ts"

// The AWS adapter through the real SDK client stack over HTTP, against a fresh local endpoint per test.
personalizeContract("AWS adapter (SDK over HTTP, local endpoint)", () =>
  Layer.unwrap(
    Effect.acquireRelease(
      Effect.promise(() => startFakePersonalize({ settle: "active" })),
      (fake) => Effect.promise(() => fake.close())
    ).pipe(
      Effect.map((fake) =>
        layerAwsPersonalize({
          region: "us-east-1",
          endpoint: fake.endpoint,
          credentials: localCredentials,
          maxAttempts: 1
        })
      )
    )
  )
)
