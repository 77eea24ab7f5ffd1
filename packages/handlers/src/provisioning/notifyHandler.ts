// Lambda entry point (bundle this file alone): the provisioning state machine's NotifySucceeded / NotifyFailed tasks.
import { layerNotifyAws, makeNotifyHandler } from "./makeNotifyHandler.ts"

export const notifyHandler = makeNotifyHandler(layerNotifyAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await notifyHandler.init()
