import { Result, type Schema, SchemaAST, type SchemaIssue, SchemaParser } from "effect"
import { type InputIssue, type LocatedIssue, locatedIssues } from "../input/InputIssues.ts"
import type { ConfigPath } from "./ConfigPath.ts"
import { formatPath } from "./ConfigPath.ts"
import { didYouMean } from "./didYouMean.ts"

/** One problem in a config, with its path in the user's own document (`solutions[2].campaigns[0].serviceConfig.name`). */
export type ConfigIssue = InputIssue

/** The keys an object schema declares, to suggest one for a mistyped key. */
const declaredKeys = (ast: SchemaAST.AST): ReadonlyArray<string> =>
  SchemaAST.isObjects(ast) ? ast.propertySignatures.map((p) => String(p.name)) : []

/** Finds every unexpected key in an issue tree, with the keys its object allows. */
const unexpectedKeys = (
  issue: SchemaIssue.Issue,
  path: ReadonlyArray<PropertyKey>,
  found: Map<string, ReadonlyArray<string>>
): void => {
  switch (issue._tag) {
    case "Pointer":
      unexpectedKeys(issue.issue, [...path, ...issue.path], found)
      return
    case "Filter":
    case "Encoding":
      unexpectedKeys(issue.issue, path, found)
      return
    case "Composite":
    case "AnyOf":
      for (const inner of issue.issues) unexpectedKeys(inner, path, found)
      return
    case "UnexpectedKey":
      found.set(JSON.stringify(path.map(String)), declaredKeys(issue.ast))
      return
    default:
      return
  }
}

/**
 * Parameters of the boto3 create calls a config section mirrors that the config does not set, and why:
 * the tool fills them in (the ARNs of the resources it made) or does not support them yet. A section
 * naming one is refused with this reason rather than "unknown key" (each key works or says why not).
 */
const notFromConfig: Readonly<Record<string, string>> = {
  datasetGroupArn: "the tool sets it: the ARN of this config's dataset group",
  datasetArn: "the tool sets it: the ARN of the dataset it made",
  schemaArn: "the tool sets it: the ARN of the schema it made from `schema`",
  datasetType: "the tool sets it: the dataset's type is its key in `datasets`",
  solutionArn: "the tool sets it: the ARN of the solution it made",
  solutionVersionArn: "the tool sets it: the ARN of the solution's current version",
  jobName: "the tool sets it: import and batch jobs get generated, dated names",
  domain: "the tool sets it from datasetGroup.domain (schemas and datasets take the dataset group's)",
  performIncrementalUpdate:
    "personalize-ops does not support it yet (the twin has no incremental-update model): leave it out"
}

/**
 * Collects every issue of a config at once. Each part of the document is decoded with Schema
 * (`errors: "all"`, excess keys are errors) at its path, so messages point into the user's document.
 */
export class IssueCollector {
  readonly issues: Array<ConfigIssue> = []
  /** Paths a did-you-mean already points at: a "missing" issue there would say the same thing twice. */
  private readonly suggested = new Set<string>()

  /** Records a problem found by a rule outside Schema (cross-references, duplicates, …). */
  add(path: ConfigPath, message: string): void {
    const at = formatPath(path)
    if (!this.suggested.has(at)) this.issues.push({ path: at, message })
  }

  /** Records an unknown key, suggesting the closest allowed key at that place. */
  unknownKey(path: ConfigPath, allowed: ReadonlyArray<string>): void {
    const key = String(path[path.length - 1])
    const refused = notFromConfig[key]
    if (refused !== undefined) {
      this.issues.push({
        path: formatPath(path),
        message: `"${key}" is a parameter of the create call, but ${refused}`
      })
      return
    }
    const suggestion = didYouMean(key, allowed)
    this.issues.push({
      path: formatPath(path),
      message:
        suggestion === undefined
          ? `unknown key "${key}" (allowed: ${allowed.join(", ")})`
          : `unknown key "${key}" (did you mean "${suggestion}"?)`
    })
    if (suggestion !== undefined) this.suggested.add(formatPath([...path.slice(0, -1), suggestion]))
  }

  /** Decodes `input` (found at `path`) with `schema`; records its issues and returns undefined on failure. */
  decode<S extends Schema.ConstraintDecoder<unknown>>(
    schema: S,
    input: unknown,
    path: ConfigPath
  ): S["Type"] | undefined {
    const result = SchemaParser.decodeUnknownResult(schema)(input, { errors: "all", onExcessProperty: "error" })
    if (Result.isSuccess(result)) return result.success
    const issue = result.failure
    const unknownKeys = new Map<string, ReadonlyArray<string>>()
    unexpectedKeys(issue, [], unknownKeys)
    const found = locatedIssues(issue)
    this.report(found, unknownKeys, path)
    // When mistyped keys are the only problem, the rest still takes part in the cross-resource rules.
    if (found.length !== unknownKeys.size) return undefined
    const lenient = SchemaParser.decodeUnknownResult(schema)(input, { errors: "all", onExcessProperty: "ignore" })
    return Result.isSuccess(lenient) ? lenient.success : undefined
  }

  private report(
    issues: ReadonlyArray<LocatedIssue>,
    unknownKeys: ReadonlyMap<string, ReadonlyArray<string>>,
    path: ConfigPath
  ): void {
    const located = issues.map((found) => ({
      relative: found.segments,
      full: [...path, ...found.segments],
      message: found.message
    }))
    // Unknown keys first, so a key they suggest is not also reported missing.
    for (const { relative, full } of located) {
      const allowed = unknownKeys.get(JSON.stringify(relative.map(String)))
      if (allowed !== undefined) this.unknownKey(full, allowed)
    }
    for (const { relative, full, message } of located)
      if (!unknownKeys.has(JSON.stringify(relative.map(String)))) this.add(full, message)
  }
}

/** Object sections read one by one, so a bad section does not hide the issues of the others. */
export const readObject = (
  c: IssueCollector,
  input: unknown,
  path: ConfigPath,
  keys: Readonly<Record<string, "required" | "optional">>
): Readonly<Record<string, unknown>> | undefined => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    c.add(path, `Expected object, got ${input === null ? "null" : Array.isArray(input) ? "array" : typeof input}`)
    return undefined
  }
  const allowed = Object.keys(keys)
  const record = input as Record<string, unknown>
  for (const key of Object.keys(record)) if (!(key in keys)) c.unknownKey([...path, key], allowed)
  for (const [key, presence] of Object.entries(keys))
    if (presence === "required" && record[key] === undefined) c.add([...path, key], "Missing key")
  return record
}

/** The elements of an array section with their paths (an issue when it is not an array). */
export const readArray = (
  c: IssueCollector,
  input: unknown,
  path: ConfigPath
): ReadonlyArray<readonly [unknown, ConfigPath]> => {
  if (input === undefined) return []
  if (!Array.isArray(input)) {
    c.add(path, `Expected array, got ${input === null ? "null" : typeof input}`)
    return []
  }
  return input.map((element, i) => [element, [...path, i]] as const)
}

/**
 * Decodes each element of an optional array (found at `path`) with `schema`, recording every issue, and
 * returns the elements that decode with where each sits.
 */
export const decodeEach = <S extends Schema.ConstraintDecoder<unknown>>(
  c: IssueCollector,
  schema: S,
  input: unknown,
  path: ConfigPath
): ReadonlyArray<{ readonly doc: S["Type"]; readonly at: ConfigPath }> =>
  readArray(c, input, path).flatMap(([element, at]) => {
    const doc = c.decode(schema, element, at)
    return doc === undefined ? [] : [{ doc, at }]
  })
