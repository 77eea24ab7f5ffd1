import { Result, Schema } from "effect"

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/

/** A Personalize resource name (aws-facts §1.1: 1–63 chars, `^[a-zA-Z0-9][a-zA-Z0-9\-_]*`). */
export const ResourceName = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(63),
  Schema.isPattern(namePattern)
).pipe(Schema.brand("ResourceName"))
export type ResourceName = typeof ResourceName.Type

/** Why a name is not a valid Personalize name, or undefined when it is. */
export const nameProblem = (name: string): string | undefined =>
  name.length < 1 || name.length > 63
    ? `name must be 1–63 characters, got ${name.length}`
    : namePattern.test(name)
      ? undefined
      : `name "${name}" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*`

/** Checks a name without Schema machinery (hot path in the twin and the planner). */
export const makeName = (name: string): Result.Result<ResourceName, string> => {
  const problem = nameProblem(name)
  return problem === undefined ? Result.succeed(name as ResourceName) : Result.fail(problem)
}
