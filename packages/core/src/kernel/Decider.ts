import type { Result } from "effect"

/**
 * A decider: the pure heart of an aggregate. `decide` turns a command and the current state into
 * events (or a typed domain error); `evolve` folds one event into the state. No Effect, no clock:
 * time arrives inside the command.
 */
export interface Decider<Command, Event, State, Err> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Result.Result<ReadonlyArray<Event>, Err>
  readonly evolve: (state: State, event: Event) => State
}

/** Folds events into a state, starting from the decider's initial state. */
export const fold = <C, E, S, Err>(decider: Decider<C, E, S, Err>, events: Iterable<E>): S => {
  let state = decider.initialState
  for (const event of events) state = decider.evolve(state, event)
  return state
}
