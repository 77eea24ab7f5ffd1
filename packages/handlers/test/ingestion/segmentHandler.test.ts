import { assert, describe, it } from "@effect/vitest"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import { makeSegmentHandler } from "../../src/ingestion/index.ts"
import { layerMemoryIngestion, trackEvent } from "./support.ts"

describe("Segment destination handler on memory adapters", () => {
  it("sends one event per invocation, with the rules from the environment", async () => {
    const events = makeMemoryPersonalizeEvents()
    const lines: Array<string> = []
    const handler = makeSegmentHandler(
      layerMemoryIngestion(events, makeMemoryDeadLetter(), {
        PERSONALIZE_TRACKING_ID: "t-9",
        INGESTION_RULES: JSON.stringify({ events: ["Product Added"], eventValue: "properties.price" })
      }),
      { emit: (l) => lines.push(l) }
    )
    try {
      assert.deepStrictEqual(await handler(trackEvent({ userId: null })), { status: "sent" })
      assert.strictEqual((await handler(trackEvent({ event: "Order Completed" }))).status, "skipped")
      assert.deepStrictEqual(events.accepted(), [
        {
          trackingId: "t-9",
          sessionId: "anon-1",
          eventList: [
            { eventType: "Product Added", sentAt: 1709296496.789, eventId: "msg-1", itemId: "SKU-1", eventValue: 19.99 }
          ]
        }
      ])
      assert.strictEqual(lines.length, 2)
      assert.strictEqual(JSON.parse(lines[0]!).Handler, "segment")
    } finally {
      await handler.runtime.dispose()
    }
  })

  it("asks Segment to retry an invalid event only when it could not be dead-lettered", async () => {
    const down = makeSegmentHandler(
      layerMemoryIngestion(makeMemoryPersonalizeEvents(), makeMemoryDeadLetter({ failAll: true })),
      { emit: () => {} }
    )
    const dl = makeMemoryDeadLetter()
    const up = makeSegmentHandler(layerMemoryIngestion(makeMemoryPersonalizeEvents(), dl), { emit: () => {} })
    try {
      const bad = trackEvent({ timestamp: "soon" })
      assert.strictEqual((await up(bad)).status, "invalid")
      assert.strictEqual(dl.entries()[0]?.id, "msg-1")
      const error = await down(bad).then(
        () => undefined,
        (e: Error) => e
      )
      assert.strictEqual(error?.name, "SegmentRetryableFailure")
    } finally {
      await down.runtime.dispose()
      await up.runtime.dispose()
    }
  })

  it("a 5,000-deep Segment event is invalid (naming where) and dead-lettered whole, not a crash", async () => {
    const dl = makeMemoryDeadLetter()
    const handler = makeSegmentHandler(layerMemoryIngestion(makeMemoryPersonalizeEvents(), dl), { emit: () => {} })
    try {
      const deep = JSON.parse("[".repeat(5_000) + "]".repeat(5_000))
      for (const event of [
        { ...trackEvent(), context: deep },
        { ...trackEvent(), properties: { product_id: "SKU-1", x: deep } },
        deep
      ]) {
        const result = await handler(event)
        assert.strictEqual(result.status, "invalid")
        assert.match(result.reason ?? "", /(\[0\])+: nested deeper than 64 levels/)
      }
      const kept = dl.entries()[0]
      assert.strictEqual(kept?.payload.length, JSON.stringify({ ...trackEvent(), context: [] }).length + 2 * 4_999)
    } finally {
      await handler.runtime.dispose()
    }
  })
})
