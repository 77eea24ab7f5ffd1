import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import {
  DeadLetter,
  type DeadLetterEntry,
  DeadLetterFailure,
  decodeMappingRules,
  defaultMappingRules,
  type IngestRecord,
  ingest,
  type MappingRules,
  PersonalizeEvents,
  PutEventsFailed,
  type PutEventsRequest,
  type PutItemsRequest,
  PutRecordsFailed,
  type PutUsersRequest
} from "../../src/ingestion/index.ts"
import { trackEvent } from "../../testing/ingestionRecords.ts"

// ingest with in-test ports: which records are sent, skipped, invalid or failed, what is dead-lettered
// and retried, how a refused request is halved down to its poison entries, and the counters.

const source = "kinesis:test"
const parsed = (id: string, value: unknown): IngestRecord => ({ id, payload: { _tag: "Parsed", value } })
const text = (id: string, t: string): IngestRecord => ({ id, payload: { _tag: "Text", text: t } })
const event = (id: string, overrides: Record<string, unknown> = {}) =>
  parsed(id, trackEvent({ messageId: `m-${id}`, properties: { sku: `sku-${id}` }, ...overrides }))

type Refuse = { readonly reason: string; readonly retryable: boolean } | undefined

/** Ports that record every call; `refuse` decides per call from the item/user ids it carries. */
const ports = (options: {
  readonly refuseEvents?: (itemIds: ReadonlyArray<string>) => Refuse
  readonly refuseRecords?: (ids: ReadonlyArray<string>) => Refuse
  readonly deadLetter?: (
    entries: ReadonlyArray<DeadLetterEntry>
  ) => Effect.Effect<{ failedIds: ReadonlyArray<string> }, DeadLetterFailure>
}) => {
  const calls: Array<string> = []
  const letters: Array<DeadLetterEntry> = []
  const events: PersonalizeEvents["Service"] = {
    putEvents: (r: PutEventsRequest) => {
      const ids = r.eventList.map((e) => e.itemId ?? "")
      calls.push(`PutEvents ${r.sessionId} ${ids.join(",")}`)
      const refused = options.refuseEvents?.(ids)
      return refused === undefined
        ? Effect.void
        : Effect.fail(new PutEventsFailed({ reason: refused.reason, detail: "d", retryable: refused.retryable }))
    },
    putUsers: (r: PutUsersRequest) => {
      const ids = r.users.map((u) => u.userId)
      calls.push(`PutUsers ${r.datasetArn} ${ids.join(",")}`)
      const refused = options.refuseRecords?.(ids)
      return refused === undefined
        ? Effect.void
        : Effect.fail(
            new PutRecordsFailed({
              operation: "PutUsers",
              reason: refused.reason,
              detail: "d",
              retryable: refused.retryable
            })
          )
    },
    putItems: (r: PutItemsRequest) => {
      const ids = r.items.map((u) => u.itemId)
      calls.push(`PutItems ${r.datasetArn} ${ids.join(",")}`)
      const refused = options.refuseRecords?.(ids)
      return refused === undefined
        ? Effect.void
        : Effect.fail(
            new PutRecordsFailed({
              operation: "PutItems",
              reason: refused.reason,
              detail: "d",
              retryable: refused.retryable
            })
          )
    }
  }
  const deadLetter: DeadLetter["Service"] = {
    send: (entries) => {
      letters.push(...entries)
      return options.deadLetter?.(entries) ?? Effect.succeed({ failedIds: [] })
    }
  }
  const run = (records: ReadonlyArray<IngestRecord>, rules: MappingRules = defaultMappingRules, concurrency = 1) =>
    ingest({
      trackingId: "t-1",
      rules,
      records,
      source,
      concurrency,
      datasets: { users: "arn:users", items: "arn:items" }
    }).pipe(Effect.provideService(PersonalizeEvents, events), Effect.provideService(DeadLetter, deadLetter))
  return { calls, letters, run }
}

const poison = (ids: ReadonlyArray<string>): Refuse =>
  ids.some((id) => id.includes("bad")) ? { reason: "InvalidInputException", retryable: false } : undefined

describe("ingest", () => {
  it.effect("every record in one bucket, in input order; the counters add up", () =>
    Effect.gen(function* () {
      const p = ports({})
      const report = yield* p.run([
        event("1"),
        event("2", { event: "Page Viewed" }),
        text("3", "{oops"),
        event("4", { messageId: "m-1" }),
        event("5", { anonymousId: "other" })
      ])
      const badJson = report.outcomes[2]?.reason ?? ""
      assert.match(badJson, /^bad JSON: /)
      assert.deepStrictEqual(report.outcomes, [
        { id: "1", bucket: "sent", retry: false },
        { id: "2", bucket: "skipped", reason: "event 'Page Viewed' is not in the allowlist", retry: false },
        { id: "3", bucket: "invalid", reason: badJson, retry: false },
        { id: "4", bucket: "skipped", reason: "duplicate of record 1 (eventId m-1)", retry: false },
        { id: "5", bucket: "sent", retry: false }
      ])
      assert.deepStrictEqual(report.counters, {
        received: 5,
        sent: 2,
        skipped: 2,
        invalid: 1,
        failed: 0,
        deadLettered: 1,
        putEventsCalls: 2,
        putUsersCalls: 0,
        putItemsCalls: 0,
        propertiesDropped: 0
      })
      assert.deepStrictEqual(report.retryIds, [])
      assert.deepStrictEqual(report.putEventsLatencyMillis, [0, 0])
      // The invalid record is dead-lettered as it arrived, with its key.
      assert.deepStrictEqual(p.letters, [
        {
          id: "3",
          source,
          bucket: "invalid",
          reason: badJson,
          encoding: "utf8",
          payload: "{oops",
          at: 0,
          dedupeKey: `${source}|3`
        }
      ])
    })
  )

  it.effect("a refused request is halved until only the poison records are left; only they are dead-lettered", () =>
    Effect.gen(function* () {
      const p = ports({ refuseEvents: poison })
      const ids = ["1", "2", "bad3", "4", "5"]
      const report = yield* p.run(ids.map((id) => event(id)))
      assert.deepStrictEqual(p.calls, [
        "PutEvents anon-1 sku-1,sku-2,sku-bad3,sku-4,sku-5",
        "PutEvents anon-1 sku-1,sku-2,sku-bad3",
        "PutEvents anon-1 sku-1,sku-2",
        "PutEvents anon-1 sku-bad3",
        "PutEvents anon-1 sku-4,sku-5"
      ])
      assert.deepStrictEqual(
        report.outcomes.map((o) => [o.id, o.bucket, o.retry]),
        [
          ["1", "sent", false],
          ["2", "sent", false],
          ["bad3", "failed", false],
          ["4", "sent", false],
          ["5", "sent", false]
        ]
      )
      assert.strictEqual(report.outcomes[2]!.reason, "PutEvents refused: InvalidInputException: d")
      assert.deepStrictEqual(
        p.letters.map((l) => [l.id, l.bucket, l.reason]),
        [["bad3", "failed", "PutEvents refused: InvalidInputException: d"]]
      )
      assert.deepStrictEqual(
        [report.counters.sent, report.counters.failed, report.counters.deadLettered, report.counters.putEventsCalls],
        [4, 1, 1, 5]
      )
      assert.strictEqual(report.putEventsLatencyMillis.length, 5)
    })
  )

  it.effect("a permanent refusal other than invalid input dead-letters the whole request without halving", () =>
    Effect.gen(function* () {
      const p = ports({ refuseEvents: () => ({ reason: "ResourceNotFoundException", retryable: false }) })
      const report = yield* p.run([event("1"), event("2")])
      assert.deepStrictEqual(p.calls, ["PutEvents anon-1 sku-1,sku-2"])
      assert.deepStrictEqual(
        report.outcomes.map((o) => [o.id, o.bucket, o.retry]),
        [
          ["1", "failed", false],
          ["2", "failed", false]
        ]
      )
      assert.deepStrictEqual(
        p.letters.map((l) => l.id),
        ["1", "2"]
      )
    })
  )

  it.effect(
    "after a retryable failure the session's later requests are held back and retried; other sessions go on",
    () =>
      Effect.gen(function* () {
        let first = true
        const p = ports({
          refuseEvents: (ids) => {
            if (ids.includes("sku-a0") && first) {
              first = false
              return { reason: "ThrottlingException", retryable: true }
            }
            return undefined
          }
        })
        // Session "a": 11 events (two requests); session "b": one.
        const records = [
          ...Array.from({ length: 11 }, (_, i) => event(`a${i}`, { anonymousId: "a" })),
          event("b0", { anonymousId: "b" })
        ]
        const report = yield* p.run(records)
        assert.deepStrictEqual(p.calls, [
          `PutEvents a ${Array.from({ length: 10 }, (_, i) => `sku-a${i}`).join(",")}`,
          "PutEvents b sku-b0"
        ])
        const heldBack =
          "held back: an earlier request of this session failed; resent on redelivery so the session's events keep their order"
        assert.deepStrictEqual(report.outcomes[0], {
          id: "a0",
          bucket: "failed",
          reason: "PutEvents refused: ThrottlingException: d",
          retry: true
        })
        assert.deepStrictEqual(report.outcomes[10], { id: "a10", bucket: "failed", reason: heldBack, retry: true })
        assert.deepStrictEqual(report.outcomes[11], { id: "b0", bucket: "sent", retry: false })
        assert.deepStrictEqual(
          report.retryIds,
          records.slice(0, 11).map((r) => r.id)
        )
        assert.deepStrictEqual(p.letters, [])
        assert.deepStrictEqual([report.counters.failed, report.counters.deadLettered], [11, 0])
      })
  )

  it.effect("a retryable failure while halving holds back the other half", () =>
    Effect.gen(function* () {
      const p = ports({
        refuseEvents: (ids) =>
          ids.length > 1
            ? { reason: "InvalidInputException", retryable: false }
            : ids[0] === "sku-1"
              ? { reason: "ServiceUnavailable", retryable: true }
              : undefined
      })
      const report = yield* p.run([event("1"), event("2"), event("3")])
      assert.deepStrictEqual(p.calls, [
        "PutEvents anon-1 sku-1,sku-2,sku-3",
        "PutEvents anon-1 sku-1,sku-2",
        "PutEvents anon-1 sku-1"
      ])
      assert.deepStrictEqual(
        report.outcomes.map((o) => [o.id, o.bucket, o.retry]),
        [
          ["1", "failed", true],
          ["2", "failed", true],
          ["3", "failed", true]
        ]
      )
      assert.strictEqual(report.outcomes[0]!.reason, "PutEvents refused: ServiceUnavailable: d")
      assert.match(report.outcomes[1]!.reason!, /^held back/)
      assert.match(report.outcomes[2]!.reason!, /^held back/)
      assert.deepStrictEqual(p.letters, [])
    })
  )

  it.effect("records the dead letter could not keep are retried; a failed dead letter retries them all", () =>
    Effect.gen(function* () {
      const partly = ports({ deadLetter: () => Effect.succeed({ failedIds: ["2"] }) })
      const a = yield* partly.run([text("1", "{"), text("2", "[")])
      assert.deepStrictEqual(
        a.outcomes.map((o) => [o.id, o.bucket, o.retry]),
        [
          ["1", "invalid", false],
          ["2", "invalid", true]
        ]
      )
      assert.deepStrictEqual([a.retryIds, a.counters.deadLettered], [["2"], 1])

      const down = ports({
        refuseEvents: poison,
        deadLetter: () => Effect.fail(new DeadLetterFailure({ detail: "down", cause: undefined }))
      })
      const b = yield* down.run([text("1", "{"), event("bad2")])
      assert.deepStrictEqual(
        b.outcomes.map((o) => [o.id, o.bucket, o.retry]),
        [
          ["1", "invalid", true],
          ["bad2", "failed", true]
        ]
      )
      assert.deepStrictEqual([b.retryIds, b.counters.deadLettered], [["1", "bad2"], 0])
    })
  )

  it.effect("a record with events in two requests fails when one does, and the retryable failure wins", () =>
    Effect.gen(function* () {
      const rules = Result.getOrThrow(
        decodeMappingRules({ events: ["Order Completed"], itemId: "properties.products[*].id" })
      )
      const p = ports({
        refuseEvents: (ids) =>
          ids.includes("bad")
            ? { reason: "InvalidInputException", retryable: false }
            : ids.includes("slow")
              ? { reason: "ThrottlingException", retryable: true }
              : undefined
      })
      const products = (ids: ReadonlyArray<string>) => ids.map((id) => ({ id }))
      // 12 products: events #0-#9 in one request, #10-#11 in the next; the poison is in the first.
      const order = parsed(
        "o",
        trackEvent({
          event: "Order Completed",
          properties: { products: products(["bad", ...Array.from({ length: 10 }, (_, i) => `p${i}`), "slow"]) }
        })
      )
      const report = yield* p.run([order], rules)
      assert.deepStrictEqual(report.outcomes, [
        { id: "o", bucket: "failed", reason: "PutEvents refused: ThrottlingException: d", retry: true }
      ])
    })
  )

  it.effect("users and items go to PutUsers and PutItems, one chain per request, halved like events", () =>
    Effect.gen(function* () {
      const rules = Result.getOrThrow(
        decodeMappingRules({
          users: { properties: { plan: "traits.plan" } },
          items: { events: ["Product Added"], properties: { price: "properties.price" } }
        })
      )
      const p = ports({ refuseRecords: poison })
      const identify = (id: string, userId: string) =>
        parsed(id, { type: "identify", messageId: `m-${id}`, userId, traits: { plan: "pro" } })
      const report = yield* p.run(
        [
          identify("u1", "user-1"),
          identify("u2", "bad-user"),
          event("e1", { properties: { sku: "item-1", price: 2 } })
        ],
        rules
      )
      assert.deepStrictEqual(p.calls, [
        "PutEvents anon-1 item-1",
        "PutUsers arn:users user-1,bad-user",
        "PutUsers arn:users user-1",
        "PutUsers arn:users bad-user",
        "PutItems arn:items item-1"
      ])
      assert.deepStrictEqual(
        report.outcomes.map((o) => [o.id, o.bucket]),
        [
          ["u1", "sent"],
          ["u2", "failed"],
          ["e1", "sent"]
        ]
      )
      assert.strictEqual(report.outcomes[1]!.reason, "PutUsers refused: InvalidInputException: d")
      assert.deepStrictEqual(
        [report.counters.putEventsCalls, report.counters.putUsersCalls, report.counters.putItemsCalls],
        [1, 3, 1]
      )
      assert.strictEqual(report.putEventsLatencyMillis.length, 1)
    })
  )

  it.effect("longest sessions are sent first; dropped properties are counted", () =>
    Effect.gen(function* () {
      const rules = Result.getOrThrow(
        decodeMappingRules({ properties: { note: "properties.note", n: "properties.n" } })
      )
      const p = ports({})
      const report = yield* p.run(
        [
          event("s1", { anonymousId: "short" }),
          ...Array.from({ length: 11 }, (_, i) => event(`l${i}`, { anonymousId: "long" })),
          event("d", { anonymousId: "short", properties: { sku: "x", note: "n".repeat(1100), n: "m".repeat(1100) } })
        ],
        rules
      )
      assert.deepStrictEqual(
        p.calls.map((c) => c.split(" ")[1]),
        ["long", "long", "short"]
      )
      assert.strictEqual(report.counters.propertiesDropped, 2)
    })
  )
})
