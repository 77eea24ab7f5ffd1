// Lambda entry point (bundle this file alone): the maintenance state machine's Reconcile task.
import { layerMaintenanceAws, makeMaintenanceHandler } from "./makeMaintenanceHandler.ts"

export const maintenanceHandler = makeMaintenanceHandler(layerMaintenanceAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await maintenanceHandler.init()
