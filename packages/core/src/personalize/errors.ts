import { Schema } from "effect"

/** ResourceNotFoundException: wrong or deleted ARN, or a missing parent on create. */
export class ResourceNotFound extends Schema.TaggedError<ResourceNotFound>()("ResourceNotFound", {
  kind: Schema.String,
  arn: Schema.String,
  message: Schema.String
}) {}

/** ResourceAlreadyExistsException: a Create* with a name (or ARN) already taken. */
export class ResourceAlreadyExists extends Schema.TaggedError<ResourceAlreadyExists>()("ResourceAlreadyExists", {
  kind: Schema.String,
  arn: Schema.String,
  message: Schema.String
}) {}

/** ResourceInUseException: the resource or a dependency is not in a terminal state, or still has children. */
export class ResourceInUse extends Schema.TaggedError<ResourceInUse>()("ResourceInUse", {
  kind: Schema.String,
  arn: Schema.String,
  message: Schema.String
}) {}

/** LimitExceededException: request rate, and also quota breaches ("More than 5 resources with PENDING…"). */
export class LimitExceeded extends Schema.TaggedError<LimitExceeded>()("LimitExceeded", {
  kind: Schema.String,
  message: Schema.String
}) {}

/** InvalidInputException: a bad field, or a wrong state combination (e.g. parent not ACTIVE). */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  kind: Schema.String,
  field: Schema.String,
  message: Schema.String
}) {}

/** ThrottlingException (not in the model, but any call may get it). */
export class Throttled extends Schema.TaggedError<Throttled>()("Throttled", {
  operation: Schema.String,
  message: Schema.String
}) {}

/** A failure not in the Personalize exception table (network, credentials, unknown exception). */
export class PersonalizeFailure extends Schema.TaggedError<PersonalizeFailure>()("PersonalizeFailure", {
  operation: Schema.String,
  exception: Schema.String,
  message: Schema.String
}) {}

export type PersonalizeError =
  | ResourceNotFound
  | ResourceAlreadyExists
  | ResourceInUse
  | LimitExceeded
  | InvalidInput
  | Throttled
  | PersonalizeFailure

/** aws-facts §1.5, once: the exception names the service sends and the typed error each becomes. */
export const exceptionTable = {
  ResourceNotFoundException: "ResourceNotFound",
  ResourceAlreadyExistsException: "ResourceAlreadyExists",
  ResourceInUseException: "ResourceInUse",
  LimitExceededException: "LimitExceeded",
  InvalidInputException: "InvalidInput",
  InvalidNextTokenException: "InvalidInput",
  TooManyTagsException: "InvalidInput",
  TooManyTagKeysException: "InvalidInput",
  ThrottlingException: "Throttled",
  ThrottlingError: "Throttled"
} as const satisfies { readonly [exception: string]: PersonalizeError["_tag"] }

/**
 * Turns an exception name and message into the typed error. LimitExceeded covers both rate and quota
 * breaches; callers decide whether to retry it from the message (quota breaches do not clear by retrying).
 */
export const fromException = (
  exception: string,
  context: { readonly operation: string; readonly kind: string; readonly arn?: string; readonly message: string }
): PersonalizeError => {
  const tag = (exceptionTable as { readonly [k: string]: PersonalizeError["_tag"] | undefined })[exception]
  const { kind, message, operation } = context
  const arn = context.arn ?? ""
  switch (tag) {
    case "ResourceNotFound":
      return new ResourceNotFound({ kind, arn, message })
    case "ResourceAlreadyExists":
      return new ResourceAlreadyExists({ kind, arn, message })
    case "ResourceInUse":
      return new ResourceInUse({ kind, arn, message })
    case "LimitExceeded":
      return new LimitExceeded({ kind, message })
    case "InvalidInput":
      return new InvalidInput({ kind, field: exception === "InvalidNextTokenException" ? "nextToken" : "", message })
    case "Throttled":
      return new Throttled({ operation, message })
    default:
      return new PersonalizeFailure({ operation, exception, message })
  }
}

/** Errors worth retrying with backoff: they clear on their own. */
export const isRetryable = (error: PersonalizeError): boolean =>
  error._tag === "Throttled" || error._tag === "ResourceInUse" || error._tag === "LimitExceeded"
