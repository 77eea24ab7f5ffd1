import { layerMemoryBatchActions, MemoryBatchInspector } from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { batchActionsContract } from "@personalize-ops/core/testing"
import { Context, Effect, Layer } from "effect"

batchActionsContract("memory", (jobs) =>
  Effect.map(Layer.build(layerMemoryBatchActions(jobs)), (context) => {
    const inspector = Context.get(context, MemoryBatchInspector)
    return {
      port: Context.get(context, Jobs.BatchActions),
      submitted: () =>
        inspector.submissions.map(({ jobName, jobQueue, jobDefinition, parameters, shape }) => ({
          jobName,
          jobQueue,
          jobDefinition,
          parameters,
          shape
        })),
      terminated: () => inspector.terminations
    }
  })
)
