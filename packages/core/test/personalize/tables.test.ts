import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { fromException, isRetryable, type PersonalizeError } from "../../src/personalize/errors.ts"
import { makeName, nameProblem } from "../../src/personalize/Names.ts"
import { recipeArn, recipeOf, recipes, recipeUseProblem, servingProblem } from "../../src/personalize/Recipes.ts"
import { isInFlight, isTerminal, normaliseStatus, Statuses } from "../../src/personalize/Status.ts"

const r = (id: string) => `arn:aws:personalize:::recipe/${id}`

describe("recipes", () => {
  it("finds a recipe by its ARN's id, in any partition; nothing for an unknown id or another ARN", () => {
    expect(recipeOf(r("aws-sims"))).toStrictEqual({
      id: "aws-sims",
      name: "aws-sims",
      recipeType: "RELATED_ITEMS",
      description: "SIMS"
    })
    expect(recipeOf("arn:aws-cn:personalize:::recipe/aws-vod-top-picks")).toStrictEqual({
      id: "aws-vod-top-picks",
      name: "aws-vod-top-picks",
      recipeType: "USER_PERSONALIZATION",
      domain: "VIDEO_ON_DEMAND",
      description: "Top picks for you: a use case for video on demand dataset groups."
    })
    expect(recipeOf(r("aws-ecomm-recommended-for-you"))?.description).toBe(
      "Recommended for you: a use case for e-commerce dataset groups."
    )
    expect(recipeOf(r("aws-nothing"))).toBeUndefined()
    expect(recipeOf("aws-sims")).toBeUndefined()
  })

  it("builds a recipe's ARN, in the given partition", () => {
    const sims = recipes.find((x) => x.id === "aws-sims")!
    expect(recipeArn(sims)).toBe("arn:aws:personalize:::recipe/aws-sims")
    expect(recipeArn(sims, "aws-cn")).toBe("arn:aws-cn:personalize:::recipe/aws-sims")
  })

  it.each([
    [r("aws-user-personalization"), "Campaign", undefined],
    [r("aws-user-personalization"), "BatchInferenceJob", undefined],
    [
      r("aws-user-personalization"),
      "BatchSegmentJob",
      "aws-user-personalization is a USER_PERSONALIZATION recipe: batch segment jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity)"
    ],
    [r("aws-item-affinity"), "BatchSegmentJob", undefined],
    [
      r("aws-item-affinity"),
      "Campaign",
      "aws-item-affinity is a USER_SEGMENTATION recipe: its solution versions back batch segment jobs only, not a Campaign"
    ],
    [
      r("aws-item-attribute-affinity"),
      "BatchInferenceJob",
      "aws-item-attribute-affinity is a USER_SEGMENTATION recipe: its solution versions back batch segment jobs only, not a BatchInferenceJob"
    ],
    [r("aws-personalized-ranking"), "Campaign", undefined],
    [r("aws-sims"), "BatchInferenceJob", undefined],
    [r("aws-next-best-action"), "Campaign", undefined],
    [undefined, "Campaign", undefined],
    [
      undefined,
      "BatchSegmentJob",
      "the AutoML recipe is a USER_PERSONALIZATION recipe: batch segment jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity)"
    ],
    [r("my-own"), "Campaign", undefined],
    [r("my-own"), "BatchSegmentJob", undefined]
  ] as const)("servingProblem(%s, %s)", (arn, kind, problem) => {
    expect(servingProblem(arn, kind)).toBe(problem)
  })

  it.each([
    [r("aws-sims"), "Solution", undefined, undefined],
    [
      r("aws-ecomm-recommended-for-you"),
      "Solution",
      "ECOMMERCE",
      "aws-ecomm-recommended-for-you is a ECOMMERCE use case: use it in a recommender, not a solution (solutions take custom recipes)"
    ],
    [
      r("aws-sims"),
      "Recommender",
      "ECOMMERCE",
      "aws-sims is a custom recipe: recommenders take a use case of the dataset group's domain"
    ],
    [
      r("aws-vod-top-picks"),
      "Recommender",
      undefined,
      "aws-vod-top-picks is a VIDEO_ON_DEMAND use case: recommenders need a dataset group with domain VIDEO_ON_DEMAND"
    ],
    [
      r("aws-vod-top-picks"),
      "Recommender",
      "ECOMMERCE",
      "aws-vod-top-picks is a VIDEO_ON_DEMAND use case, but the dataset group's domain is ECOMMERCE"
    ],
    [r("aws-vod-top-picks"), "Recommender", "VIDEO_ON_DEMAND", undefined],
    [r("unknown-recipe"), "Recommender", undefined, undefined]
  ] as const)("recipeUseProblem(%s, %s, %s)", (arn, use, domain, problem) => {
    expect(recipeUseProblem(arn, use, domain)).toBe(problem)
  })
})

describe("statuses", () => {
  it.each([
    ["CREATE IN_PROGRESS", "CREATE_IN_PROGRESS"],
    ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS"],
    ["  create   pending ", "CREATE_PENDING"],
    ["DELETE PENDING", "DELETE_PENDING"],
    ["ACTIVE", "ACTIVE"],
    ["active", "ACTIVE"],
    ["PENDING", "CREATE_PENDING"],
    ["IN PROGRESS", "CREATE_IN_PROGRESS"],
    ["in_progress", "CREATE_IN_PROGRESS"],
    ["FAILED", "CREATE_FAILED"],
    ["CREATE FAILED", "CREATE_FAILED"],
    ["STOP__PENDING", "STOP_PENDING"],
    ["UPDATE PENDING", undefined],
    ["", undefined],
    ["ACTIVEX", undefined]
  ] as const)("normaliseStatus(%j) = %s", (raw, status) => {
    expect(normaliseStatus(raw)).toBe(status)
  })

  it("terminal: ACTIVE, CREATE_FAILED, CREATE_STOPPED, INACTIVE; every other status is in flight", () => {
    const terminal = Statuses.filter(isTerminal)
    expect(terminal).toEqual(["ACTIVE", "CREATE_FAILED", "CREATE_STOPPED", "INACTIVE"])
    expect(Statuses.filter(isInFlight)).toEqual(Statuses.filter((s) => !terminal.includes(s)))
  })
})

describe("names", () => {
  it.each([
    ["a", undefined],
    ["A-b_9", undefined],
    ["9lives", undefined],
    ["x".repeat(63), undefined],
    ["x".repeat(64), "name must be 1–63 characters, got 64"],
    ["", "name must be 1–63 characters, got 0"],
    ["-bad", 'name "-bad" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*'],
    ["_bad", 'name "_bad" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*'],
    ["has space", 'name "has space" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*'],
    ["dot.ted", 'name "dot.ted" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*']
  ])("nameProblem(%j) = %s", (name, problem) => {
    expect(nameProblem(name)).toBe(problem)
    const made = makeName(name)
    expect(made).toStrictEqual(problem === undefined ? Result.succeed(name) : Result.fail(problem))
  })
})

describe("exceptions", () => {
  const context = { operation: "CreateCampaign", kind: "Campaign", arn: "arn:x", message: "why" }
  it.each([
    ["ResourceNotFoundException", { _tag: "ResourceNotFound", kind: "Campaign", arn: "arn:x", message: "why" }],
    [
      "ResourceAlreadyExistsException",
      { _tag: "ResourceAlreadyExists", kind: "Campaign", arn: "arn:x", message: "why" }
    ],
    ["ResourceInUseException", { _tag: "ResourceInUse", kind: "Campaign", arn: "arn:x", message: "why" }],
    ["LimitExceededException", { _tag: "LimitExceeded", kind: "Campaign", message: "why" }],
    ["InvalidInputException", { _tag: "InvalidInput", kind: "Campaign", field: "", message: "why" }],
    ["InvalidNextTokenException", { _tag: "InvalidInput", kind: "Campaign", field: "nextToken", message: "why" }],
    ["TooManyTagsException", { _tag: "InvalidInput", kind: "Campaign", field: "", message: "why" }],
    ["TooManyTagKeysException", { _tag: "InvalidInput", kind: "Campaign", field: "", message: "why" }],
    ["ThrottlingException", { _tag: "Throttled", operation: "CreateCampaign", message: "why" }],
    ["ThrottlingError", { _tag: "Throttled", operation: "CreateCampaign", message: "why" }],
    [
      "AccessDeniedException",
      { _tag: "PersonalizeFailure", operation: "CreateCampaign", exception: "AccessDeniedException", message: "why" }
    ]
  ])("%s becomes %j", (exception, fields) => {
    const e = fromException(exception, context)
    expect({ ...e, _tag: e._tag, message: e.message }).toStrictEqual(fields)
  })

  it("an error without an ARN carries an empty one", () => {
    expect(
      fromException("ResourceNotFoundException", { operation: "o", kind: "Solution", message: "m" })
    ).toMatchObject({
      arn: ""
    })
  })

  it.each([
    ["ThrottlingException", true],
    ["ResourceInUseException", true],
    ["LimitExceededException", true],
    ["ResourceNotFoundException", false],
    ["ResourceAlreadyExistsException", false],
    ["InvalidInputException", false],
    ["AccessDeniedException", false]
  ])("%s is retryable: %s", (exception, retryable) => {
    const e: PersonalizeError = fromException(exception, context)
    expect(isRetryable(e)).toBe(retryable)
  })
})
