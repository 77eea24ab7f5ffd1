// Lambda entry point (bundle this file alone): EventBridge schedule (every five minutes) → the monitor.
import { layerMonitorAws, makeMonitorHandler } from "./makeMonitorHandler.ts"

export const monitorHandler = makeMonitorHandler(layerMonitorAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await monitorHandler.init()
