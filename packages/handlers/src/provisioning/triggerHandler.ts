// Lambda entry point (bundle this file alone): S3 `ObjectCreated` on a config → the provisioning state machine.
import { layerTriggerAws, makeTriggerHandler } from "./makeTriggerHandler.ts"

export const triggerHandler = makeTriggerHandler(layerTriggerAws)

// Build the runtime in Lambda's init phase: a bad setting fails the cold start naming the variable.
await triggerHandler.init()
