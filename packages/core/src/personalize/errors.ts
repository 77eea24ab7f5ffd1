import { Schema } from "effect"

/** The resource (or a parent named in the request) does not exist. */
export class ResourceNotFound extends Schema.TaggedError<ResourceNotFound>()("ResourceNotFound", {
  arn: Schema.String,
  detail: Schema.String
}) {}

/** A resource of that kind and name already exists. */
export class ResourceAlreadyExists extends Schema.TaggedError<ResourceAlreadyExists>()("ResourceAlreadyExists", {
  arn: Schema.String,
  detail: Schema.String
}) {}

/** The resource, or one it depends on, is in a state that forbids the call (not settled, still has children). */
export class ResourceInUse extends Schema.TaggedError<ResourceInUse>()("ResourceInUse", {
  arn: Schema.String,
  detail: Schema.String
}) {}

/** A quota was hit ("more than 5 resources with PENDING or IN_PROGRESS status") or a request rate exceeded. */
export class LimitExceeded extends Schema.TaggedError<LimitExceeded>()("LimitExceeded", {
  detail: Schema.String
}) {}

/** The request is invalid: a bad field, a bad schema, a parent that is not ACTIVE. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  detail: Schema.String
}) {}

/** The service throttled the call; retry with backoff. */
export class Throttled extends Schema.TaggedError<Throttled>()("Throttled", {
  detail: Schema.String
}) {}

/** The real API offers no such operation for this kind (e.g. deleting an import job). */
export class OperationNotSupported extends Schema.TaggedError<OperationNotSupported>()("OperationNotSupported", {
  kind: Schema.String,
  operation: Schema.String
}) {}

/** Any other failure of the control plane (network, permissions, an unreadable response). */
export class PersonalizeFailure extends Schema.TaggedError<PersonalizeFailure>()("PersonalizeFailure", {
  operation: Schema.String,
  detail: Schema.String
}) {}

/** Every error the Personalize port can fail with. */
export type PersonalizeError =
  | ResourceNotFound
  | ResourceAlreadyExists
  | ResourceInUse
  | LimitExceeded
  | InvalidInput
  | Throttled
  | OperationNotSupported
  | PersonalizeFailure

/** The exception names the service raises (aws-facts §1.5) and the error each becomes. */
export const exceptionTable = {
  ResourceNotFoundException: "ResourceNotFound",
  ResourceAlreadyExistsException: "ResourceAlreadyExists",
  ResourceInUseException: "ResourceInUse",
  LimitExceededException: "LimitExceeded",
  InvalidInputException: "InvalidInput",
  InvalidNextTokenException: "InvalidInput",
  TooManyTagsException: "InvalidInput",
  TooManyTagKeysException: "InvalidInput",
  ThrottlingException: "Throttled"
} as const satisfies { readonly [exception: string]: PersonalizeError["_tag"] }

/** Errors worth retrying with backoff: the state or the rate may change by itself. */
export const isRetryable = (e: PersonalizeError): boolean =>
  e._tag === "Throttled" || e._tag === "ResourceInUse" || e._tag === "LimitExceeded"
