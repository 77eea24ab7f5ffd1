import { DateTime, Option, Result, Schema } from "effect"
import { parseArn, recipeId, roleArnProblem } from "../personalize/Arn.ts"
import type { Tag } from "./Deployment.ts"
import { parseCronOnly, parseSchedule } from "./ScheduleExpression.ts"

/**
 * The leaf fields shared by every config format, as Schemas with AWS's constraints (aws-facts §1.1).
 * Messages name the rule so a user can fix the value without reading the AWS docs.
 */

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/

/** A Personalize resource or job name: 1–63 characters, `^[a-zA-Z0-9][a-zA-Z0-9\-_]*`. */
export const ResourceName = Schema.String.check(
  Schema.makeFilter((s: string) =>
    s.length < 1 || s.length > 63
      ? `a name must be 1–63 characters (got ${s.length})`
      : namePattern.test(s)
        ? undefined
        : `"${s}" is not a valid name: use letters, digits, - and _, starting with a letter or digit`
  )
)

const arn = (pattern: RegExp | ((s: string) => boolean), max: number, what: string, example: string) =>
  Schema.String.check(
    Schema.makeFilter((s: string) =>
      s.length > max
        ? `${what} must be at most ${max} characters`
        : (typeof pattern === "function" ? pattern(s) : pattern.test(s))
          ? undefined
          : `"${s}" is not ${what} (e.g. ${example})`
    )
  )

export const RecipeArn = arn(
  (s) => recipeId(s) !== undefined,
  256,
  "a recipe ARN",
  "arn:aws:personalize:::recipe/aws-user-personalization"
)
/** An IAM role ARN (the twin's CreateX checks it with the same `roleArnProblem`). */
export const RoleArn = Schema.String.check(Schema.makeFilter((s: string) => roleArnProblem(s)))
export const KmsKeyArn = arn(
  /^arn:aws.*:kms:.*:[0-9]{12}:key\/.*$/,
  2048,
  "a KMS key ARN",
  "arn:aws:kms:us-east-1:123456789012:key/1234abcd-…"
)
export const FilterArn = arn(
  (s) => parseArn(s)?.kind === "Filter",
  256,
  "a Personalize filter ARN",
  "arn:aws:personalize:us-east-1:123456789012:filter/my-filter"
)

/** An S3 location, or a local file path (relative to the config file) that the in-memory twin reads. */
export const DataLocation = Schema.String.check(
  Schema.makeFilter((s: string) => {
    if (s.length === 0) return "a data location cannot be empty"
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s)
    if (scheme === null) return undefined
    return /^(s3|http|https)$/.test(scheme[1]!)
      ? s.length > 256
        ? "a data location must be at most 256 characters"
        : undefined
      : `"${scheme[1]}://" is not supported: use s3://bucket/prefix/ or a file path relative to the config`
  })
)

/** The parts of an `s3://bucket/key-or-prefix` location. */
export interface S3Location {
  readonly bucket: string
  /** The key or prefix, without the leading slash ("" for the bucket's root). */
  readonly key: string
}

/** `s3://bucket/key` → its parts; undefined for any other location (a local path, http…). */
export const s3Location = (location: string): S3Location | undefined => {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location)
  return match === null ? undefined : { bucket: match[1] as string, key: match[2] as string }
}

export const FilterExpression = Schema.String.check(
  Schema.makeFilter((s: string) =>
    s.length >= 1 && s.length <= 2500 ? undefined : `a filter expression must be 1–2,500 characters (got ${s.length})`
  )
)

/** `minProvisionedTPS`, `minRecommendationRequestsPerSecond`: an integer ≥ 1. */
export const TransactionsPerSecond = Schema.Number.check(
  Schema.makeFilter((n: number) => (Number.isInteger(n) && n >= 1 ? undefined : `must be an integer ≥ 1 (got ${n})`))
)

export const PositiveInt = Schema.Number.check(
  Schema.makeFilter((n: number) => (Number.isInteger(n) && n >= 1 ? undefined : `must be an integer ≥ 1 (got ${n})`))
)

/** An AWS `cron(...)` or `rate(...)` schedule; decoded to its text, parsed again by the mapper. */
export const ScheduleText = Schema.String.check(
  Schema.makeFilter((s: string) => {
    const parsed = parseSchedule(s)
    return Result.isFailure(parsed) ? parsed.failure : undefined
  })
)

/** An IANA time zone for the schedules' crons (EventBridge Scheduler's `ScheduleExpressionTimezone`). */
export const TimeZoneText = Schema.String.check(
  Schema.makeFilter((s: string) =>
    Option.isSome(DateTime.zoneMakeNamed(s)) ? undefined : `"${s}" is not an IANA time zone (e.g. Europe/Berlin)`
  )
)

/** The MLOps solution's schedule: `cron(...)` only, or `"delete"` to remove an existing schedule. */
export const CronOrDelete = Schema.String.check(
  Schema.makeFilter((s: string) => {
    if (s === "delete") return undefined
    const parsed = parseCronOnly(s)
    return Result.isFailure(parsed) ? parsed.failure : undefined
  })
)

const tagPattern = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u

const TagDocument = Schema.Struct({
  tagKey: Schema.String.check(
    Schema.makeFilter((s: string) =>
      s.length < 1 || s.length > 128
        ? `a tag key must be 1–128 characters (got ${s.length})`
        : tagPattern.test(s)
          ? undefined
          : `tag key "${s}" may contain only letters, digits, spaces and _ . : / = + - @`
    )
  ),
  tagValue: Schema.String.check(
    Schema.makeFilter((s: string) =>
      s.length > 256
        ? `a tag value must be at most 256 characters (got ${s.length})`
        : tagPattern.test(s)
          ? undefined
          : `tag value "${s}" may contain only letters, digits, spaces and _ . : / = + - @`
    )
  )
})

/** A resource's tags: at most 50 keys, each key once. */
export const Tags = Schema.Array(TagDocument).check(
  Schema.makeFilter((tags: ReadonlyArray<Tag>) => {
    const problems: Array<{ readonly path: ReadonlyArray<PropertyKey>; readonly issue: string }> = []
    const seen = new Set<string>()
    for (const [i, t] of tags.entries()) {
      if (seen.has(t.tagKey)) problems.push({ path: [i, "tagKey"], issue: `duplicate tag key "${t.tagKey}"` })
      seen.add(t.tagKey)
    }
    if (seen.size > 50) problems.push({ path: [], issue: `at most 50 tag keys per resource (got ${seen.size})` })
    return problems.length === 0 ? undefined : problems
  })
)

/** Passed-through AWS config objects (`solutionConfig`, `campaignConfig`, …). */
export const ConfigObject = Schema.Record(Schema.String, Schema.Unknown)

/** Resource tags over the root default tags: a resource's own tag wins over a default with the same key. */
export const mergeTags = (defaults: ReadonlyArray<Tag>, own: ReadonlyArray<Tag> | undefined): ReadonlyArray<Tag> => {
  const mine = own ?? []
  return [...defaults.filter((d) => !mine.some((t) => t.tagKey === d.tagKey)), ...mine]
}

/** Parses a schedule already validated by {@link ScheduleText} / {@link CronOrDelete}. */
export const scheduleOf = (text: string | undefined) => {
  if (text === undefined || text === "delete") return undefined
  const parsed = parseSchedule(text)
  return Result.isSuccess(parsed) ? parsed.success : undefined
}
