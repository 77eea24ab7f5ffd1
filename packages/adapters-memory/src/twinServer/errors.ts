import type { Personalize as P } from "@personalize-ops/core"

/** An error as awsJson1.1 sends it: `__type` (the exception name) and `message`, with HTTP 400. */
export interface WireError {
  readonly type: string
  readonly message: string
}

/** The InvalidInput fields that AWS reports under their own exception (aws-facts §1.5). */
const invalidInputExceptions: { readonly [field: string]: string } = {
  nextToken: "InvalidNextTokenException",
  tags: "TooManyTagsException",
  tagKeys: "TooManyTagKeysException"
}

/** The port's typed error as the exception Personalize sends (the inverse of core's exception table). */
export const toWireError = (error: P.PersonalizeError): WireError => {
  switch (error._tag) {
    case "ResourceNotFound":
      return { type: "ResourceNotFoundException", message: error.message }
    case "ResourceAlreadyExists":
      return { type: "ResourceAlreadyExistsException", message: error.message }
    case "ResourceInUse":
      return { type: "ResourceInUseException", message: error.message }
    case "LimitExceeded":
      return { type: "LimitExceededException", message: error.message }
    case "InvalidInput":
      return { type: invalidInputExceptions[error.field] ?? "InvalidInputException", message: error.message }
    case "Throttled":
      return { type: "ThrottlingException", message: error.message }
    case "PersonalizeFailure":
      return { type: error.exception, message: error.message }
  }
}

/** An operation of the Personalize API the twin does not model: a clear error, never a wrong success. */
export const unsupported = (operation: string): WireError => ({
  type: "UnsupportedOperationException",
  message: `The personalize-ops twin does not model AmazonPersonalize.${operation}.`
})
