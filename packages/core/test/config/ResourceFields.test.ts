import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  CronOrDelete,
  DataLocation,
  FilterArn,
  FilterExpression,
  KmsKeyArn,
  mergeTags,
  PositiveInt,
  RecipeArn,
  ResourceName,
  RoleArn,
  ScheduleText,
  scheduleOf,
  Tags,
  TimeZoneText,
  TransactionsPerSecond
} from "../../src/config/ResourceFields.ts"
import { locatedIssues } from "../../src/input/index.ts"

/** The problems a leaf schema finds in `value` (path segments and message); [] when it is valid. */
const problems = (schema: Schema.Codec<unknown, unknown>, value: unknown) => {
  const decoded = Schema.decodeUnknownResult(schema)(value, { errors: "all" })
  return Result.isSuccess(decoded) ? [] : locatedIssues(decoded.failure.issue)
}
/** The one message a leaf schema gives for `value`, or undefined when it is valid. */
const message = (schema: Schema.Codec<unknown, unknown>, value: unknown) => {
  const found = problems(schema, value)
  expect(found.length).toBeLessThanOrEqual(1)
  return found[0]?.message
}

describe("config leaf fields (ResourceFields)", () => {
  it("ResourceName: 1–63 characters of letters, digits, - and _, starting with a letter or digit", () => {
    for (const ok of ["a", "A-b_c", "0name", "x".repeat(63)]) expect(message(ResourceName, ok), ok).toBeUndefined()
    expect(message(ResourceName, "")).toBe("a name must be 1–63 characters (got 0)")
    expect(message(ResourceName, "x".repeat(64))).toBe("a name must be 1–63 characters (got 64)")
    for (const bad of ["-a", "_a", "a b", "a.b", "a/b"])
      expect(message(ResourceName, bad), bad).toBe(
        `"${bad}" is not a valid name: use letters, digits, - and _, starting with a letter or digit`
      )
  })

  it("RecipeArn, KmsKeyArn and FilterArn: their shape and length, with an example in the message", () => {
    expect(message(RecipeArn, "arn:aws:personalize:::recipe/aws-user-personalization")).toBeUndefined()
    expect(message(RecipeArn, "arn:aws:personalize:us-east-1:123456789012:campaign/c")).toBe(
      '"arn:aws:personalize:us-east-1:123456789012:campaign/c" is not a recipe ARN (e.g. arn:aws:personalize:::recipe/aws-user-personalization)'
    )
    const longRecipe = `arn:aws:personalize:::recipe/${"r".repeat(228)}`
    expect(longRecipe.length).toBe(257)
    expect(message(RecipeArn, longRecipe)).toBe("a recipe ARN must be at most 256 characters")
    expect(message(RecipeArn, longRecipe.slice(0, 256))).toBeUndefined()

    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab"
    expect(message(KmsKeyArn, key)).toBeUndefined()
    expect(message(KmsKeyArn, "arn:aws-cn:kms:cn-north-1:123456789012:key/k")).toBeUndefined()
    for (const bad of [
      "arn:aws:kms:us-east-1:12345678901:key/k",
      "arn:aws:kms:us-east-1:123456789012:alias/k",
      "key/k"
    ])
      expect(message(KmsKeyArn, bad), bad).toBe(
        `"${bad}" is not a KMS key ARN (e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-…)`
      )
    const longKey = `arn:aws:kms:us-east-1:123456789012:key/${"k".repeat(2048)}`
    expect(message(KmsKeyArn, longKey)).toBe("a KMS key ARN must be at most 2048 characters")
    expect(message(KmsKeyArn, longKey.slice(0, 2048))).toBeUndefined()

    expect(message(FilterArn, "arn:aws:personalize:us-east-1:123456789012:filter/f")).toBeUndefined()
    expect(message(FilterArn, "arn:aws:personalize:us-east-1:123456789012:campaign/f")).toBe(
      '"arn:aws:personalize:us-east-1:123456789012:campaign/f" is not a Personalize filter ARN (e.g. arn:aws:personalize:us-east-1:123456789012:filter/my-filter)'
    )
    const longFilter = "arn:aws:personalize:us-east-1:123456789012:filter/".padEnd(257, "f")
    expect(message(FilterArn, longFilter)).toBe("a Personalize filter ARN must be at most 256 characters")
    expect(message(FilterArn, longFilter.slice(0, 256))).toBeUndefined()
  })

  it("RoleArn refuses what is not an IAM role ARN", () => {
    expect(message(RoleArn, "arn:aws:iam::123456789012:role/PersonalizeRole")).toBeUndefined()
    expect(message(RoleArn, "arn:aws:iam::123456789012:user/someone")).toMatch(/role/)
  })

  it("DataLocation: not empty; s3/http(s) URLs at most 256 characters; any other scheme refused; a path is fine", () => {
    for (const ok of [
      "s3://bucket/prefix/",
      "https://example.com/x.csv",
      "http://h/x",
      "data/items.csv",
      "S3-like:path"
    ])
      expect(message(DataLocation, ok), ok).toBeUndefined()
    expect(message(DataLocation, "")).toBe("a data location cannot be empty")
    expect(message(DataLocation, "s3://b/".padEnd(257, "k"))).toBe("a data location must be at most 256 characters")
    expect(message(DataLocation, "s3://b/".padEnd(256, "k"))).toBeUndefined()
    // a long local path is not an S3 key: no 256 limit
    expect(message(DataLocation, `data/${"k".repeat(300)}`)).toBeUndefined()
    expect(message(DataLocation, "ftp://host/file")).toBe(
      '"ftp://" is not supported: use s3://bucket/prefix/ or a file path relative to the config'
    )
    expect(message(DataLocation, "S3://bucket/x")).toBe(
      '"S3://" is not supported: use s3://bucket/prefix/ or a file path relative to the config'
    )
  })

  it("FilterExpression text: 1–2,500 characters", () => {
    expect(message(FilterExpression, "x")).toBeUndefined()
    expect(message(FilterExpression, "x".repeat(2500))).toBeUndefined()
    expect(message(FilterExpression, "")).toBe("a filter expression must be 1–2,500 characters (got 0)")
    expect(message(FilterExpression, "x".repeat(2501))).toBe(
      "a filter expression must be 1–2,500 characters (got 2501)"
    )
  })

  it("TransactionsPerSecond and PositiveInt: integers from 1", () => {
    for (const schema of [TransactionsPerSecond, PositiveInt]) {
      expect(message(schema, 1)).toBeUndefined()
      expect(message(schema, 1000)).toBeUndefined()
      expect(message(schema, 0)).toBe("must be an integer ≥ 1 (got 0)")
      expect(message(schema, -3)).toBe("must be an integer ≥ 1 (got -3)")
      expect(message(schema, 1.5)).toBe("must be an integer ≥ 1 (got 1.5)")
    }
  })

  it("ScheduleText takes cron and rate, CronOrDelete only cron or the word delete; each says why not", () => {
    expect(message(ScheduleText, "rate(6 hours)")).toBeUndefined()
    expect(message(ScheduleText, "cron(0 3 * * ? *)")).toBeUndefined()
    expect(message(ScheduleText, "daily")).toBe(
      '"daily" is not a schedule: use cron(min hour dom month dow year) or rate(n unit)'
    )
    expect(message(CronOrDelete, "delete")).toBeUndefined()
    expect(message(CronOrDelete, "cron(0 3 * * ? *)")).toBeUndefined()
    expect(message(CronOrDelete, "rate(1 day)")).toBe('"rate(1 day)": this format accepts only cron(...) schedules')
    expect(message(CronOrDelete, "cron(0 24 * * ? *)")).toBe("cron hours: 24 is out of range 0–23")
    expect(message(CronOrDelete, "Delete")).toBe(
      '"Delete" is not a schedule: use cron(min hour dom month dow year) or rate(n unit)'
    )
  })

  it("TimeZoneText: an IANA zone", () => {
    expect(message(TimeZoneText, "Europe/Berlin")).toBeUndefined()
    expect(message(TimeZoneText, "UTC")).toBeUndefined()
    expect(message(TimeZoneText, "Mars/Olympus")).toBe('"Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)')
  })

  it("Tags: keys 1–128 and values up to 256 characters of the allowed set, each key once, at most 50 keys", () => {
    const tag = (tagKey: string, tagValue = "v") => ({ tagKey, tagValue })
    expect(
      problems(Tags, [tag("team", ""), tag("a b_.:/=+-@1", "ü ñ 9"), tag("k".repeat(128), "v".repeat(256))])
    ).toEqual([])
    expect(problems(Tags, [tag("")])).toEqual([
      { segments: [0, "tagKey"], message: "a tag key must be 1–128 characters (got 0)" }
    ])
    expect(problems(Tags, [tag("k".repeat(129))])).toEqual([
      { segments: [0, "tagKey"], message: "a tag key must be 1–128 characters (got 129)" }
    ])
    expect(problems(Tags, [tag("ok"), tag("a*b")])).toEqual([
      { segments: [1, "tagKey"], message: 'tag key "a*b" may contain only letters, digits, spaces and _ . : / = + - @' }
    ])
    expect(problems(Tags, [tag("k", "v".repeat(257))])).toEqual([
      { segments: [0, "tagValue"], message: "a tag value must be at most 256 characters (got 257)" }
    ])
    expect(problems(Tags, [tag("k", "a;b")])).toEqual([
      {
        segments: [0, "tagValue"],
        message: 'tag value "a;b" may contain only letters, digits, spaces and _ . : / = + - @'
      }
    ])
    expect(problems(Tags, [tag("a"), tag("b"), tag("a"), tag("a")])).toEqual([
      { segments: [2, "tagKey"], message: 'duplicate tag key "a"' },
      { segments: [3, "tagKey"], message: 'duplicate tag key "a"' }
    ])
    const many = (n: number) => Array.from({ length: n }, (_, i) => tag(`k${i}`))
    expect(problems(Tags, many(50))).toEqual([])
    expect(problems(Tags, many(51))).toEqual([{ segments: [], message: "at most 50 tag keys per resource (got 51)" }])
  })

  it("mergeTags: a resource's own tag wins over a default with its key; defaults first, in order", () => {
    const defaults = [
      { tagKey: "team", tagValue: "ops" },
      { tagKey: "env", tagValue: "dev" },
      { tagKey: "cost", tagValue: "1" }
    ]
    expect(mergeTags(defaults, undefined)).toEqual(defaults)
    expect(mergeTags([], [{ tagKey: "a", tagValue: "b" }])).toEqual([{ tagKey: "a", tagValue: "b" }])
    expect(
      mergeTags(defaults, [
        { tagKey: "env", tagValue: "prod" },
        { tagKey: "x", tagValue: "y" }
      ])
    ).toEqual([
      { tagKey: "team", tagValue: "ops" },
      { tagKey: "cost", tagValue: "1" },
      { tagKey: "env", tagValue: "prod" },
      { tagKey: "x", tagValue: "y" }
    ])
  })

  it("scheduleOf: the parsed schedule, nothing for none, delete or an invalid text", () => {
    expect(scheduleOf(undefined)).toBeUndefined()
    expect(scheduleOf("delete")).toBeUndefined()
    expect(scheduleOf("weekly")).toBeUndefined()
    expect(scheduleOf("rate(2 days)")).toEqual({ _tag: "Rate", expression: "rate(2 days)", value: 2, unit: "days" })
    expect(scheduleOf("cron(0 3 * * ? *)")).toMatchObject({ _tag: "Cron", minutes: "0", hours: "3" })
  })
})
