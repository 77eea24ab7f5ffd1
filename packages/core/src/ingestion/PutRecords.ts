import { Schema } from "effect"
import { PutRecordsLimits as L } from "./limits.ts"

const propertiesProblem = (max: number) => (json: string) => {
  if (json.length > max) return `properties JSON is ${json.length} characters; at most ${max} are allowed`
  try {
    const parsed: unknown = JSON.parse(json)
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? true
      : "properties is not a JSON object"
  } catch {
    return "properties is not valid JSON"
  }
}

const idOf = (limits: (typeof L)["users" | "items"]) =>
  Schema.String.check(Schema.isMinLength(limits.idLength.min), Schema.isMaxLength(limits.idLength.max))
const propertiesOf = (limits: (typeof L)["users" | "items"]) =>
  Schema.optionalKey(
    Schema.String.check(
      Schema.isMinLength(limits.propertiesChars.min),
      Schema.makeFilter(propertiesProblem(limits.propertiesChars.max), {
        expected: `a properties JSON object of at most ${limits.propertiesChars.max} characters`
      })
    )
  )

const DatasetArn = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(256))
const list = <S extends Schema.Top>(s: S, limits: (typeof L)["users" | "items"]) =>
  Schema.Array(s).check(
    Schema.isMinLength(limits.recordsPerRequest.min),
    Schema.isMaxLength(limits.recordsPerRequest.max)
  )

/** One user of a PutUsers call: its id and its properties (a JSON object string, camelCase keys). */
export const PutUsersUser = Schema.Struct({ userId: idOf(L.users), properties: propertiesOf(L.users) })
export type PutUsersUser = typeof PutUsersUser.Type
/** One PutUsers call: the Users dataset and 1–10 users. */
export const PutUsersRequest = Schema.Struct({ datasetArn: DatasetArn, users: list(PutUsersUser, L.users) })
export type PutUsersRequest = typeof PutUsersRequest.Type

/** One item of a PutItems call. */
export const PutItemsItem = Schema.Struct({ itemId: idOf(L.items), properties: propertiesOf(L.items) })
export type PutItemsItem = typeof PutItemsItem.Type
/** One PutItems call: the Items dataset and 1–10 items. */
export const PutItemsRequest = Schema.Struct({ datasetArn: DatasetArn, items: list(PutItemsItem, L.items) })
export type PutItemsRequest = typeof PutItemsRequest.Type

/**
 * PutUsers or PutItems was refused after the adapter's own retries. `retryable` says whether the same
 * records can succeed later (throttling, 5xx, a dataset still being created) or never will.
 */
export class PutRecordsFailed extends Schema.TaggedError<PutRecordsFailed>()("PutRecordsFailed", {
  operation: Schema.Literals([L.users.operation, L.items.operation]),
  /** The service's exception name, e.g. `InvalidInputException`. */
  reason: Schema.String,
  detail: Schema.String,
  retryable: Schema.Boolean
}) {
  override get message() {
    return `${this.operation} refused: ${this.reason}: ${this.detail}`
  }
}

/**
 * Exception names after which PutUsers/PutItems cannot succeed (BC-PE): a bad record, or a dataset
 * that does not exist. `ResourceInUseException` (the dataset is still being created) is retryable.
 */
export const putRecordsPermanentErrors: ReadonlySet<string> = new Set([
  "InvalidInputException",
  "ResourceNotFoundException"
])
