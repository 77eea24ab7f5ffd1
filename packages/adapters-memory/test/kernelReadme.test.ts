// The example of README.md "## Event-sourcing kernel", kept compiling and passing.
import { assert, it } from "@effect/vitest"
import { layerMemoryEventStore } from "@personalize-ops/adapters-memory"
import { Kernel } from "@personalize-ops/core"
import { Effect, Result, Schema } from "effect"

const Deposited = Schema.TaggedStruct("Deposited", { amount: Schema.Number })
class TooLarge extends Schema.TaggedError<TooLarge>()("TooLarge", { amount: Schema.Number }) {}

const account: Kernel.Decider<{ readonly amount: number }, typeof Deposited.Type, number, TooLarge> = {
  initialState: 0,
  decide: ({ amount }) =>
    amount > 1000 ? Result.fail(new TooLarge({ amount })) : Result.succeed([{ _tag: "Deposited", amount }]),
  evolve: (balance, event) => balance + event.amount
}

const deposit = (amount: number) =>
  Kernel.handleCommand({
    decider: account,
    codec: Kernel.makeEventCodec(Deposited),
    stream: Kernel.streamId("account", "42"),
    command: { amount },
    context: { correlationId: "req-1", actor: "alice" }
  })

it.effect("README kernel example: two deposits, then one too large", () =>
  Effect.gen(function* () {
    yield* deposit(250)
    const second = yield* deposit(100)
    assert.deepStrictEqual([second.state, second.version], [350, 2])
    assert.strictEqual((yield* Effect.flip(deposit(5000)))._tag, "TooLarge")
  }).pipe(Effect.provide(layerMemoryEventStore))
)
