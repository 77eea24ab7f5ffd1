import { Result, Schema, SchemaIssue, SchemaParser } from "effect"
import { maxJsonDepth, tooDeepAt } from "./JsonDepth.ts"

/**
 * The one way outside input (config files, rules files, events, environment values, request
 * parameters) is decoded: Schema, then `{ issues: [{ path, message }] }` with every path in one syntax,
 * the one a person writes: `solutions[2].campaigns[0].name`, `detail.NewMinTPS`, `[3].region`.
 */

/** A location in the input, as segments (`["solutions", 2, "name"]`). */
export type InputPath = ReadonlyArray<string | number>

/** One problem in outside input: where (`formatInputPath`; "" is the input itself) and what. */
export interface InputIssue {
  readonly path: string
  readonly message: string
}

/** Why outside input did not decode: every problem found, in document order. */
export interface InputIssues {
  readonly issues: ReadonlyArray<InputIssue>
}

/** An issue before its path is rendered: the segments relative to the decoded value. */
export interface LocatedIssue {
  readonly segments: InputPath
  readonly message: string
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$-]*$/

/** Renders a path: `solutions[2].campaigns[0].name`, `detail-type`; other keys as `["a b"]`; "" for the root. */
export const formatInputPath = (path: InputPath): string =>
  path.reduce<string>((out, segment) => {
    if (typeof segment === "number") return `${out}[${segment}]`
    if (!identifier.test(segment)) return `${out}[${JSON.stringify(segment)}]`
    return out === "" ? segment : `${out}.${segment}`
  }, "")

const standardFormatter = SchemaIssue.makeFormatterStandardSchemaV1()

const segmentOf = (segment: PropertyKey | { readonly key: PropertyKey }): string | number => {
  const key = typeof segment === "object" && segment !== null ? segment.key : segment
  return typeof key === "number" ? key : String(key)
}

/** The problems of a Schema issue tree, each with its path segments. */
export const locatedIssues = (issue: SchemaIssue.Issue): ReadonlyArray<LocatedIssue> =>
  standardFormatter(issue).issues.map((found) => ({
    segments: (found.path ?? []).map(segmentOf),
    message: found.message
  }))

/** The issue for input nested deeper than `max`, or undefined; `at` prefixes the path. */
export const jsonDepthIssue = (
  value: unknown,
  options: { readonly max?: number; readonly at?: InputPath } = {}
): InputIssue | undefined => {
  const max = options.max ?? maxJsonDepth
  const path = tooDeepAt(value, max)
  return path === undefined
    ? undefined
    : {
        path: formatInputPath([...(options.at ?? []), ...path]),
        message: `nested deeper than ${max} levels of objects and arrays`
      }
}

/** `JSON.parse`, then the depth limit: a bad document or one nested too deep is an issue, never a throw. */
export const parseJson = (
  text: string,
  options: { readonly max?: number } = {}
): Result.Result<unknown, InputIssues> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return Result.fail({
      issues: [{ path: "", message: `bad JSON: ${error instanceof Error ? error.message : String(error)}` }]
    })
  }
  const deep = jsonDepthIssue(value, options)
  return deep === undefined ? Result.succeed(value) : Result.fail({ issues: [deep] })
}

/** How strictly to decode; by default every issue is reported and unknown keys are allowed. */
export interface DecodeInputOptions {
  /** Report every issue (default) or stop at the first. */
  readonly errors?: "all" | "first"
  /** Whether keys the schema does not declare are issues (default: ignored). */
  readonly onExcessProperty?: "ignore" | "error"
  /** Where the decoded value sits in the whole input; prefixed to every issue's path. */
  readonly at?: InputPath
}

/**
 * Decodes outside input with `schema`. Input nested deeper than `maxJsonDepth` is refused before
 * decoding (one issue naming where). On failure, every issue with its path:
 * `decodeWithIssues(Rules)(json)` → `Result<Rules, { issues: [{ path: "events[1]", message }] }>`.
 */
export const decodeWithIssues = <S extends Schema.ConstraintDecoder<unknown>>(
  schema: S,
  options: DecodeInputOptions = {}
): ((input: unknown) => Result.Result<S["Type"], InputIssues>) => {
  const decode = SchemaParser.decodeUnknownResult(schema)
  const parseOptions = { errors: options.errors ?? "all", onExcessProperty: options.onExcessProperty ?? "ignore" }
  const at = options.at ?? []
  return (input) => {
    const deep = jsonDepthIssue(input, { at })
    if (deep !== undefined) return Result.fail({ issues: [deep] })
    const decoded = decode(input, parseOptions)
    if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
    const issues = locatedIssues(decoded.failure).map((i) => ({
      path: formatInputPath([...at, ...i.segments]),
      message: i.message
    }))
    return Result.fail({ issues })
  }
}

/** Issues one per line, `path: message` (`(root)` for the input itself). */
export const showInputIssues = (issues: ReadonlyArray<InputIssue>): string =>
  issues.map((i) => `${i.path === "" ? "(root)" : i.path}: ${i.message}`).join("\n")

/**
 * A record of outside input whose keys are names that must pass `key` (`properties` of a rules file: camelCase,
 * not reserved). `Schema.Record(key, value)` does not judge its keys: a key its key schema refuses is not covered,
 * so it is dropped, or under `onExcessProperty: "error"` only "Expected no excess property". Here every key is
 * covered and one `key` refuses is an issue at that key with the key schema's own message (what it expected).
 */
export const RecordOfNames = <V extends Schema.Top>(key: Schema.ConstraintDecoder<string>, value: V) => {
  const decodeKey = SchemaParser.decodeUnknownResult(key)
  return Schema.Record(Schema.String, value).check(
    Schema.makeFilter((record: { readonly [k: string]: unknown }) =>
      Object.keys(record).flatMap((name) => {
        const decoded = decodeKey(name)
        return Result.isFailure(decoded) ? [{ path: [name], issue: decoded.failure }] : []
      })
    )
  )
}
