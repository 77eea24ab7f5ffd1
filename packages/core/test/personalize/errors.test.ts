import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  defaultScope,
  formatArn,
  fromException,
  isRetryable,
  makeName,
  nameProblem,
  ResourceArn
} from "../../src/personalize/index.ts"

describe("exception table", () => {
  it.each([
    ["ResourceNotFoundException", "ResourceNotFound"],
    ["ResourceAlreadyExistsException", "ResourceAlreadyExists"],
    ["ResourceInUseException", "ResourceInUse"],
    ["LimitExceededException", "LimitExceeded"],
    ["InvalidInputException", "InvalidInput"],
    ["ThrottlingException", "Throttled"],
    ["AccessDeniedException", "PersonalizeFailure"]
  ])("%s → %s", (exception, tag) =>
    expect(fromException(exception, { operation: "op", kind: "Campaign", message: "m" })._tag).toBe(tag)
  )
  it("retries only what clears by itself", () => {
    expect(isRetryable(fromException("ThrottlingException", { operation: "o", kind: "k", message: "" }))).toBe(true)
    expect(isRetryable(fromException("InvalidInputException", { operation: "o", kind: "k", message: "" }))).toBe(false)
  })
})

describe("names and ARNs", () => {
  it("checks the name rule of aws-facts §1.1", () => {
    expect(nameProblem("my-group_1")).toBeUndefined()
    expect(nameProblem("-bad")).toBeDefined()
    expect(nameProblem("a".repeat(64))).toBeDefined()
    expect(nameProblem("")).toBeDefined()
    expect(Result.isSuccess(makeName("ok"))).toBe(true)
  })
  it("builds ARNs from the one table, and they satisfy the ARN pattern", () => {
    const arn = formatArn(defaultScope, "DatasetGroup", "g")
    expect(arn).toBe("arn:aws:personalize:us-east-1:000000000000:dataset-group/g")
    expect(formatArn(defaultScope, "SolutionVersion", "s/abc")).toBe(
      "arn:aws:personalize:us-east-1:000000000000:solution/s/abc"
    )
    expect(Schema.is(ResourceArn)(arn)).toBe(true)
  })
})
