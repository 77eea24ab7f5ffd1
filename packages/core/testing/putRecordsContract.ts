// The contract every PersonalizeEvents adapter passes for PutUsers and PutItems. An adapter's test file
// calls `putRecordsContract("memory", (faultFor) => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import type * as Ingestion from "@personalize-ops/core/ingestion"
import { Effect, type Scope } from "effect"

/** What the service answers for a dataset: a refusal (permanent or not), or (undefined) success. */
export type PutRecordsFault =
  | "InvalidInputException"
  | "ResourceNotFoundException"
  | "ServiceUnavailableException"
  | undefined

/** A port under test and what its backend accepted. */
export interface PutRecordsSubject {
  readonly port: Ingestion.PersonalizeEvents["Service"]
  readonly acceptedUsers: () => ReadonlyArray<Ingestion.PutUsersRequest>
  readonly acceptedItems: () => ReadonlyArray<Ingestion.PutItemsRequest>
}

/** Builds a subject whose backend answers each PutUsers/PutItems call by `faultFor(datasetArn)`. */
export type MakePutRecordsSubject = (
  faultFor: (datasetArn: string) => PutRecordsFault
) => Effect.Effect<PutRecordsSubject, never, Scope.Scope>

const usersArn = (name: string) => `arn:aws:personalize:us-east-1:123456789012:dataset/${name}/USERS`
const itemsArn = (name: string) => `arn:aws:personalize:us-east-1:123456789012:dataset/${name}/ITEMS`

const users = (datasetArn: string): Ingestion.PutUsersRequest => ({
  datasetArn,
  users: [
    { userId: "u-1", properties: JSON.stringify({ plan: "pro", interests: "books|music" }) },
    { userId: "42", properties: JSON.stringify({ age: 37 }) }
  ]
})
const items = (datasetArn: string): Ingestion.PutItemsRequest => ({
  datasetArn,
  items: [{ itemId: "sku-1", properties: JSON.stringify({ price: 19.99, categoryL1: "shoes" }) }, { itemId: "sku-2" }]
})

export const putRecordsContract = (name: string, make: MakePutRecordsSubject) =>
  describe(`PersonalizeEvents PutUsers/PutItems contract: ${name}`, () => {
    it.live("delivers users and items as given: dataset, ids in order, properties as the same JSON", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make(() => undefined)
          yield* subject.port.putUsers(users(usersArn("shop")))
          yield* subject.port.putItems(items(itemsArn("shop")))
          const [u, ...moreUsers] = subject.acceptedUsers()
          const [i, ...moreItems] = subject.acceptedItems()
          assert.strictEqual(moreUsers.length + moreItems.length, 0)
          assert.strictEqual(u?.datasetArn, usersArn("shop"))
          assert.deepStrictEqual(
            u?.users.map((x) => [x.userId, JSON.parse(x.properties ?? "null")]),
            [
              ["u-1", { plan: "pro", interests: "books|music" }],
              ["42", { age: 37 }]
            ]
          )
          assert.strictEqual(i?.datasetArn, itemsArn("shop"))
          assert.deepStrictEqual(
            i?.items.map((x) => [x.itemId, x.properties === undefined ? undefined : JSON.parse(x.properties)]),
            [
              ["sku-1", { price: 19.99, categoryL1: "shoes" }],
              ["sku-2", undefined]
            ]
          )
        })
      )
    )

    it.live("types refusals: a bad record or a missing dataset is permanent, a 5xx retryable; none is accepted", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make((arn) =>
            arn.includes("/bad/")
              ? "InvalidInputException"
              : arn.includes("/gone/")
                ? "ResourceNotFoundException"
                : arn.includes("/down/")
                  ? "ServiceUnavailableException"
                  : undefined
          )
          const bad = yield* Effect.flip(subject.port.putUsers(users(usersArn("bad"))))
          const gone = yield* Effect.flip(subject.port.putItems(items(itemsArn("gone"))))
          const down = yield* Effect.flip(subject.port.putItems(items(itemsArn("down"))))
          yield* subject.port.putUsers(users(usersArn("ok")))
          assert.deepStrictEqual(
            [bad, gone, down].map((e) => [e.operation, e.reason, e.retryable]),
            [
              ["PutUsers", "InvalidInputException", false],
              ["PutItems", "ResourceNotFoundException", false],
              ["PutItems", "ServiceUnavailableException", true]
            ]
          )
          assert.deepStrictEqual(
            subject.acceptedUsers().map((r) => r.datasetArn),
            [usersArn("ok")]
          )
          assert.strictEqual(subject.acceptedItems().length, 0)
        })
      )
    )
  })
