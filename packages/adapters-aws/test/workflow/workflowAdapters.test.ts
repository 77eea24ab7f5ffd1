import { Workflow } from "@personalize-ops/core"
import { configBucketContract, executionsContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layerS3ConfigBucket, layerSfnExecutions } from "../../src/index.ts"
import { S3Clients } from "../../src/sdk/S3Clients.ts"
import { SfnClients } from "../../src/sdk/SfnClients.ts"
import { type LocalWorkflowAws, startLocalWorkflowAws } from "../../src/testing/index.ts"
import { localCredentials } from "../../src/testing/localAws.ts"

const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:personalize-ops-provisioning"
const local = Effect.acquireRelease(
  Effect.promise(() => startLocalWorkflowAws(stateMachineArn)),
  (server) => Effect.promise(() => server.close())
)
const options = (server: LocalWorkflowAws) => ({ endpoint: server.endpoint, credentials: localCredentials })

configBucketContract("aws (S3 SDK against a local restXml endpoint)", (objects) =>
  Effect.gen(function* () {
    const server = yield* local
    for (const o of objects) server.objects.set(`data/${o.key}`, o.text)
    const port = yield* Effect.service(Workflow.ConfigBucket).pipe(
      Effect.provide(layerS3ConfigBucket("us-east-1").pipe(Layer.provide(S3Clients.layerOptions(options(server)))))
    )
    return { port, bucket: "data" }
  })
)

executionsContract("aws (Step Functions SDK against a local awsJson1.0 endpoint)", () =>
  Effect.gen(function* () {
    const server = yield* local
    return yield* Effect.service(Workflow.Executions).pipe(
      Effect.provide(layerSfnExecutions(stateMachineArn).pipe(Layer.provide(SfnClients.layerOptions(options(server)))))
    )
  })
)

let server: LocalWorkflowAws
beforeAll(async () => {
  server = await startLocalWorkflowAws(stateMachineArn)
})
afterAll(() => server.close())

describe("Step Functions executions adapter", () => {
  it("StartExecution carries the name and the input; a service error other than a duplicate is a typed failure", async () => {
    const run = <A, E>(effect: Effect.Effect<A, E, Workflow.Executions>) =>
      Effect.runPromise(
        effect.pipe(
          Effect.provide(
            layerSfnExecutions(stateMachineArn).pipe(Layer.provide(SfnClients.layerOptions(options(server))))
          )
        )
      )
    await run(Effect.flatMap(Effect.service(Workflow.Executions), (e) => e.start("n-1", '{"x":1}')))
    expect(server.executions.get("n-1")?.input).toBe('{"x":1}')
    const bad = await run(
      Effect.flip(Effect.flatMap(Effect.service(Workflow.Executions), (e) => e.start("bad name!", "{}")))
    )
    expect(bad._tag).toBe("ExecutionsFailure")
    expect(bad.message).toContain("InvalidName")
  })
})
