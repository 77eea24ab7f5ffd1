// A small decider used by the kernel's tests: a bounded counter.
import { Result, Schema } from "effect"
import * as Kernel from "../../src/kernel/index.ts"

const Incremented = Schema.TaggedStruct("Incremented", { by: Schema.Number })
const Reset = Schema.TaggedStruct("Reset", {})
export const CounterEvent = Schema.Union([Incremented, Reset])
export type CounterEvent = typeof CounterEvent.Type

export type CounterCommand =
  | { readonly _tag: "Increment"; readonly by: number }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Touch" }

export class LimitExceeded extends Schema.TaggedError<LimitExceeded>()("LimitExceeded", {
  current: Schema.Number,
  by: Schema.Number,
  max: Schema.Number
}) {}

const max = 10

export const counter: Kernel.Decider<CounterCommand, CounterEvent, number, LimitExceeded> = {
  initialState: 0,
  decide: (command, state) => {
    switch (command._tag) {
      case "Increment":
        return state + command.by > max
          ? Result.fail(new LimitExceeded({ current: state, by: command.by, max }))
          : Result.succeed([{ _tag: "Incremented", by: command.by }])
      case "Reset":
        return Result.succeed(state === 0 ? [] : [{ _tag: "Reset" }])
      case "Touch":
        return Result.succeed([])
    }
  },
  evolve: (state, event) => (event._tag === "Incremented" ? state + event.by : 0)
}

export const counterCodec = Kernel.makeEventCodec<CounterEvent>(CounterEvent)
