import { Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import type { EventStore } from "../kernel/EventStore.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { desiredResources } from "./Desired.ts"
import { type DesiredDefaults, defaultDesiredDefaults } from "./DesiredResource.ts"
import { provisioningStream, readLedger } from "./ledger.ts"
import { observe } from "./Observed.ts"
import { type Plan, reconcile } from "./Plan.ts"
import { defaultRetryPolicy, type RetryPolicy } from "./retry.ts"

/** The plan for a deployment against what exists now (and what the tool applied before). */
export const planDeployment = (
  deployment: Deployment,
  defaults: DesiredDefaults = defaultDesiredDefaults,
  retry: RetryPolicy = defaultRetryPolicy
): Effect.Effect<Plan, PersonalizeError, Personalize | EventStore> =>
  Effect.gen(function* () {
    const ledger = yield* readLedger(provisioningStream(deployment.datasetGroup.name))
    const observed = yield* observe(deployment, ledger, retry)
    return reconcile(desiredResources(deployment, defaults), observed)
  })
