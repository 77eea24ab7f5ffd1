// What a task hands the local Step Functions runner (`workflow run --local`): JSON, as the service carries
// a state between tasks. The value goes through its JSON text and back, decoded with Schema by the one
// outside-input decoder, so what JSON cannot carry is a typed error naming where, never a cast.
import { Input } from "@personalize-ops/core"
import { Result, Schema } from "effect"

/** A task's output that Step Functions could not carry: which task, and every issue with its path. */
export class StatesPayloadInvalid extends Schema.TaggedError<StatesPayloadInvalid>()("StatesPayloadInvalid", {
  task: Schema.String,
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String })),
  message: Schema.String
}) {}

const decodeJson = Input.decodeWithIssues(Schema.MutableJson)

/** The value's JSON text, or the issue why it has none (undefined, a function, a cycle, a BigInt). */
const jsonText = (value: unknown): Result.Result<string, Input.InputIssues> => {
  try {
    const text = JSON.stringify(value)
    return text === undefined
      ? Result.fail({ issues: [{ path: "", message: `no JSON for ${typeof value}` }] })
      : Result.succeed(text)
  } catch (error) {
    return Result.fail({ issues: [{ path: "", message: error instanceof Error ? error.message : String(error) }] })
  }
}

/** `value` as the JSON the service would carry between states, or a `StatesPayloadInvalid` naming `task`. */
export const statesJson = (task: string, value: unknown): Result.Result<Schema.MutableJson, StatesPayloadInvalid> =>
  jsonText(value).pipe(
    Result.flatMap((text) => Input.parseJson(text)),
    Result.flatMap(decodeJson),
    Result.mapError(
      ({ issues }) =>
        new StatesPayloadInvalid({
          task,
          issues,
          message: `${task}: its output is not a state Step Functions can carry: ${Input.showInputIssues(issues)}`
        })
    )
  )
