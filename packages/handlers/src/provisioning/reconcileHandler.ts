// Lambda entry point (bundle this file alone): the provisioning state machine's Reconcile task.
import { layerReconcileAws, makeReconcileHandler } from "./makeReconcileHandler.ts"

export const reconcileHandler = makeReconcileHandler(layerReconcileAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await reconcileHandler.init()
