import { Context, type Effect, Schema } from "effect"
import type { PutEventsRequest } from "./PutEvents.ts"
import type { PutItemsRequest, PutRecordsFailed, PutUsersRequest } from "./PutRecords.ts"

/**
 * PutEvents was refused after the adapter's own retries. `retryable` says whether sending the same
 * events later can succeed (throttling, 5xx, network) or never will (InvalidInputException).
 */
export class PutEventsFailed extends Schema.TaggedError<PutEventsFailed>()("PutEventsFailed", {
  /** The service's exception name, e.g. `ThrottlingException`. */
  reason: Schema.String,
  detail: Schema.String,
  retryable: Schema.Boolean
}) {
  override get message() {
    return `PutEvents refused: ${this.reason}: ${this.detail}`
  }
}

/** Exception names after which a PutEvents retry cannot succeed: those events go to the dead letter. */
export const putEventsPermanentErrors: ReadonlySet<string> = new Set(["InvalidInputException"])

/**
 * The Personalize Events port: PutEvents (interactions), PutUsers and PutItems (the Users and Items
 * datasets in real time). Adapters retry throttling themselves, with jittered backoff; a failure here
 * is final for this invocation.
 */
export class PersonalizeEvents extends Context.Service<
  PersonalizeEvents,
  {
    readonly putEvents: (request: PutEventsRequest) => Effect.Effect<void, PutEventsFailed>
    readonly putUsers: (request: PutUsersRequest) => Effect.Effect<void, PutRecordsFailed>
    readonly putItems: (request: PutItemsRequest) => Effect.Effect<void, PutRecordsFailed>
  }
>()("@personalize-ops/core/ingestion/PersonalizeEvents") {}
