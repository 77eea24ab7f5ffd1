// Replays the Segment payload corpus (core/testing/corpus) through the Kinesis handler on memory adapters.
import { assert, describe, it } from "@effect/vitest"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import {
  type ObservedSegment,
  segmentCorpus,
  segmentCorpusRules,
  segmentMismatches
} from "@personalize-ops/core/testing"
import { Base64 } from "effect/encoding"
import { makeKinesisHandler } from "../../src/ingestion/index.ts"
import { kinesisEvent, layerMemoryIngestion } from "./support.ts"

const cases = segmentCorpus()
const ruleSets = ["default", "ecommerce"]
const seq = (i: number) => `4959033827149025660855969253836157109592157598913658${String(i).padStart(4, "0")}`

describe("corpus through the Kinesis handler", () => {
  for (const name of ruleSets) {
    it(`one invocation of the whole corpus: every record has its expected outcome under the ${name} rules`, async () => {
      const rules = segmentCorpusRules(name)
      const events = makeMemoryPersonalizeEvents()
      const dl = makeMemoryDeadLetter()
      const env = {
        PERSONALIZE_TRACKING_ID: "tracking-1",
        ...(rules === undefined ? {} : { INGESTION_RULES: JSON.stringify(rules) })
      }
      const lines: Array<string> = []
      const handler = makeKinesisHandler(layerMemoryIngestion(events, dl, env), { emit: (l) => lines.push(l) })
      const response = await handler(
        kinesisEvent(cases.map((c, i) => ({ id: seq(i), data: Base64.encode(JSON.stringify(c.event)) })))
      )
      await handler.runtime.dispose()
      assert.deepStrictEqual(response.batchItemFailures, [])

      // Events are traced back to their record by eventId: the messageId, or `<messageId>#<n>` when one
      // payload becomes several events; the one payload without a messageId owns what no other claims.
      const sent = events
        .accepted()
        .flatMap((r) => r.eventList.map((event) => ({ sessionId: r.sessionId, userId: r.userId, event })))
      const messageIdOf = (c: (typeof cases)[number]) =>
        typeof c.event.messageId === "string" ? c.event.messageId : undefined
      // A redelivered payload repeats its messageId: the first record carrying it owns the events.
      const owns = (c: (typeof cases)[number], eventId: string | undefined) => {
        const m = messageIdOf(c)
        const first = cases.find((o) => messageIdOf(o) === m)
        return first === c && m !== undefined && eventId !== undefined && (eventId === m || eventId.startsWith(`${m}#`))
      }
      const claimed = new Set(sent.filter((e) => cases.some((c) => owns(c, e.event.eventId))))
      assert.isAtMost(cases.filter((c) => messageIdOf(c) === undefined).length, 1)
      const lettered = new Map(dl.entries().map((e) => [e.id, e]))
      const observed = (c: (typeof cases)[number], i: number): ObservedSegment => {
        const mine =
          messageIdOf(c) === undefined
            ? sent.filter((e) => !claimed.has(e))
            : sent.filter((e) => owns(c, e.event.eventId))
        const letter = lettered.get(seq(i))
        if (letter !== undefined) return { outcome: "invalid", reason: letter.reason, events: mine }
        if (mine.length > 0) return { outcome: "sent", events: mine }
        return { outcome: "skipped", events: [] }
      }
      const mismatches = cases.flatMap((c, i) => segmentMismatches(c, c.expect[name]!, observed(c, i)))
      assert.deepStrictEqual(mismatches, [])
      // Dropped properties are counted per invocation (EMF), not reported per record.
      const dropped = cases.reduce((n, c) => {
        const e = c.expect[name]
        return n + (e?.outcome === "sent" ? (e.droppedProperties?.length ?? 0) : 0)
      }, 0)
      assert.strictEqual(JSON.parse(lines[0] ?? "{}").PropertiesDropped, dropped)
    })
  }
})
