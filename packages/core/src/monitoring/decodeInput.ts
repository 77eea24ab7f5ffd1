import { Effect, Result, Schema, SchemaIssue } from "effect"
import { MonitorInputInvalid } from "./errors.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Renders a path the way a person writes it: `[3].region`, `detail.NewMinTPS`. */
const renderPath = (path: ReadonlyArray<unknown>, root: string): string =>
  path.reduce<string>((acc, p) => {
    const key = typeof p === "object" && p !== null && "key" in p ? (p as { key: unknown }).key : p
    return typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`
  }, root)

/** Decodes outside input; the failure names the first offending field (prefixed by `root`). */
export const decodeInputResult = <S extends Schema.ConstraintDecoder<unknown>>(
  schema: S,
  input: unknown,
  root = ""
): Result.Result<S["Type"], MonitorInputInvalid> => {
  const decoded = Schema.decodeUnknownResult(schema)(input)
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const issue = formatter(decoded.failure.issue).issues[0]
  return Result.fail(
    new MonitorInputInvalid({
      path: renderPath(issue?.path ?? [], root),
      detail: issue?.message ?? decoded.failure.message
    })
  )
}

/** Effect form of `decodeInputResult`. */
export const decodeInput = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, input: unknown, root = "") =>
  Effect.fromResult(decodeInputResult(schema, input, root))
