// Lambda entry point (bundle this file alone): schedule, rebuild events and the custom resource → the dashboards.
import { layerDashboardAws, makeDashboardHandler } from "./makeDashboardHandler.ts"

export const dashboardHandler = makeDashboardHandler(layerDashboardAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await dashboardHandler.init()
