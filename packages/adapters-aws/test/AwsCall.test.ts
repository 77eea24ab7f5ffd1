import { CloudWatchClient, DeleteAlarmsCommand } from "@aws-sdk/client-cloudwatch"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Ref } from "effect"
import { TestClock } from "effect/testing"
import { AwsCallError, awsCall, retryThrottled } from "../src/index.ts"
import { clientConfig } from "../src/sdk/clients.ts"
import { localCredentials, startLocalAws } from "../src/testing/localAws.ts"

const named = (name: string) => Object.assign(new Error(`${name} happened`), { name })

describe("awsCall", () => {
  it.effect("maps an SDK rejection to AwsCallError with its exception name", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(
        awsCall("DescribeCampaign", () => Promise.reject(named("ResourceNotFoundException")))
      )
      assert.instanceOf(e, AwsCallError)
      assert.strictEqual(e.name, "ResourceNotFoundException")
      assert.isFalse(e.throttled)
    })
  )

  it.effect("retries throttling with backoff, and nothing else", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const flaky = Ref.updateAndGet(calls, (n) => n + 1).pipe(
        Effect.flatMap((n) =>
          awsCall("X", () => (n < 3 ? Promise.reject(named("ThrottlingException")) : Promise.resolve(n)))
        )
      )
      const fiber = yield* Effect.forkChild(flaky.pipe(retryThrottled()))
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(yield* Fiber.join(fiber), 3)

      yield* Ref.set(calls, 0)
      const notFound = Ref.update(calls, (n) => n + 1).pipe(
        Effect.andThen(awsCall("X", () => Promise.reject(named("ResourceNotFoundException"))))
      )
      yield* Effect.flip(notFound.pipe(retryThrottled()))
      assert.strictEqual(yield* Ref.get(calls), 1)
    })
  )
})

describe("one retry policy per client", () => {
  it.live("a 5xx answer is transient and retried; the SDK itself makes one attempt per try", () =>
    Effect.gen(function* () {
      const local = yield* Effect.acquireRelease(
        Effect.promise(() =>
          startLocalAws((_operation, _body, received) =>
            received.length < 3 ? { error: "InternalFailure", message: "try again", status: 500 } : { json: {} }
          )
        ),
        (server) => Effect.promise(server.close)
      )
      const client = new CloudWatchClient(
        clientConfig("eu-west-1", { endpoint: local.endpoint, credentials: localCredentials })
      )
      const call = awsCall("DeleteAlarms", (abortSignal) =>
        client.send(new DeleteAlarmsCommand({ AlarmNames: ["a"] }), { abortSignal })
      )
      const first = yield* Effect.flip(call)
      assert.isTrue(first.transient)
      assert.isFalse(first.throttled)
      assert.strictEqual(local.received.length, 1, "the SDK made one attempt")
      yield* call.pipe(retryThrottled({ times: 3 }))
      assert.strictEqual(local.received.length, 3, "our policy made the other tries")
    }).pipe(Effect.scoped)
  )
})
