import { Effect, Result, type Schema } from "effect"
import { decodeWithIssues } from "../input/InputIssues.ts"
import { MonitorInputInvalid } from "./errors.ts"

/** Decodes outside input; the failure names the first offending field (under `root`: `detail.NewMinTPS`). */
export const decodeInputResult = <S extends Schema.ConstraintDecoder<unknown>>(
  schema: S,
  input: unknown,
  root = ""
): Result.Result<S["Type"], MonitorInputInvalid> =>
  Result.mapError(decodeWithIssues(schema, { errors: "first", at: root === "" ? [] : [root] })(input), ({ issues }) => {
    const first = issues[0]
    return new MonitorInputInvalid({ path: first?.path ?? root, detail: first?.message ?? "invalid input" })
  })

/** Effect form of `decodeInputResult`. */
export const decodeInput = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, input: unknown, root = "") =>
  Effect.fromResult(decodeInputResult(schema, input, root))
