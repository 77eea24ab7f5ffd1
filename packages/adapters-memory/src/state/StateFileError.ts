import { Schema } from "effect"

/** The local state file could not be opened, read or written (a bad path, a file that is not a state file, a full disk). */
export class StateFileError extends Schema.TaggedError<StateFileError>()("StateFileError", {
  path: Schema.String,
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `state file ${this.path}: cannot ${this.operation}: ${this.reason}`
  }
}

export const reasonOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))
