// Lambda entry point (bundle this file alone): the custom resource → alarms deleted on stack delete.
import { layerCleanupAws, makeCleanupHandler } from "./makeCleanupHandler.ts"

export const cleanupHandler = makeCleanupHandler(layerCleanupAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await cleanupHandler.init()
