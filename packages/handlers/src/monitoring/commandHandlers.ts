// Lambda entry points (bundle this file once per function): the monitor's commands from the bus.
import { layerCommandsAws, makeCommandHandlers } from "./makeCommandHandlers.ts"

const commands = makeCommandHandlers(layerCommandsAws)
/** `UpdateTPSFunction`. */
export const updateTpsHandler = commands.updateTps
/** `DeleteCampaignFunction`. */
export const deleteCampaignHandler = commands.deleteCampaign
/** `StopRecommenderFunction`. */
export const stopRecommenderHandler = commands.stopRecommender

// Build the runtimes in Lambda's init phase (one memo map: the layers are built once for the three).
await Promise.all([updateTpsHandler.init(), deleteCampaignHandler.init(), stopRecommenderHandler.init()])
