import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { recordingIo, runCli } from "../src/index.ts"

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "ingestion")
const event = (i: number, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: "track",
    event: "Product Added",
    messageId: `m-${i}`,
    anonymousId: "anon-1",
    timestamp: "2024-03-01T12:00:00.001+02:00",
    properties: { sku: `S-${i}` },
    ...overrides
  })

describe("personalize-ops events map", () => {
  it("--json prints requests (≤ 10 events each), skipped and invalid lines with their numbers", async () => {
    const stdin = [
      ...Array.from({ length: 11 }, (_, i) => event(i)),
      "",
      event(20, { event: "Product Viewed" }),
      "{nope",
      event(0)
    ].join("\n")
    const { io, stdout } = recordingIo({ stdin })
    assert.strictEqual(await runCli(["events", "map", "--json"], io), 0)
    const out = JSON.parse(stdout())
    assert.deepStrictEqual(Object.keys(out), ["requests", "users", "items", "skipped", "invalid", "droppedProperties"])
    assert.deepStrictEqual(
      out.requests.map((r: { eventList: Array<unknown> }) => r.eventList.length),
      [10, 1]
    )
    assert.deepStrictEqual(out.requests[0].eventList[0], {
      eventType: "Product Added",
      sentAt: 1709287200.001,
      eventId: "m-0",
      itemId: "S-0"
    })
    assert.notProperty(out.requests[0], "userId")
    assert.notProperty(out.requests[0], "trackingId")
    assert.deepStrictEqual(out.skipped, [
      { line: 13, reason: "event 'Product Viewed' is not in the allowlist" },
      { line: 15, reason: "duplicate of record 1 (eventId m-0)" }
    ])
    assert.strictEqual(out.invalid.length, 1)
    assert.strictEqual(out.invalid[0].line, 14)
    assert.match(out.invalid[0].reason, /^bad JSON: /)
  })

  it("applies a rules file and prints a readable listing", async () => {
    const rules = JSON.stringify({
      events: ["Signed Up"],
      itemIdRequired: false,
      eventTypes: { "Signed Up": "signup" }
    })
    const { io, stdout } = recordingIo({
      stdin: event(1, { event: "Signed Up", properties: {} }),
      files: { "r.json": rules }
    })
    assert.strictEqual(await runCli(["events", "map", "--rules", "r.json"], io), 0)
    assert.include(stdout(), "request 1: session anon-1, anonymous, 1 event(s)")
    assert.include(stdout(), "line 1: signup sentAt=1709287200.001 eventId=m-1")
  })

  it("exits 2 with the field path for an invalid rules file, and for an unreadable one", async () => {
    const bad = recordingIo({ files: { "r.json": '{"events":[],"properties":{"timestamp":"x"}}' } })
    assert.strictEqual(await runCli(["events", "map", "--rules", "r.json"], bad.io), 2)
    assert.include(bad.stderr(), "events: Expected a value with a length of at least 1")
    assert.include(
      bad.stderr(),
      "properties.timestamp: Expected a name other than userId, sessionId, eventType, timestamp, recommendationId (reserved by PutEvents)"
    )
    const missing = recordingIo()
    assert.strictEqual(await runCli(["events", "map", "--rules", "nope.json"], missing.io), 2)
    assert.include(missing.stderr(), "cannot read rules file nope.json")
    const notJson = recordingIo({ files: { "r.json": "{" } })
    assert.strictEqual(await runCli(["events", "map", "--rules", "r.json"], notJson.io), 2)
    const usage = recordingIo()
    assert.strictEqual(await runCli(["events", "map", "--bogus"], usage.io), 2)
  })

  it.skipIf(!existsSync(examples))("maps the example events with the example rules", async () => {
    const { io, stdout } = recordingIo({
      stdin: readFileSync(join(examples, "segment-events.ndjson"), "utf8"),
      files: { "rules.json": readFileSync(join(examples, "rules.json"), "utf8") }
    })
    assert.strictEqual(await runCli(["events", "map", "--rules", "rules.json", "--json"], io), 0)
    const out = JSON.parse(stdout())
    assert.strictEqual(out.requests.length, 2)
    assert.strictEqual(out.skipped.length + out.invalid.length, 5)
  })

  it.skipIf(!existsSync(examples))(
    "with users/items rules: the identify is a PutUsers, viewed/added products PutItems",
    async () => {
      const { io, stdout } = recordingIo({
        stdin: readFileSync(join(examples, "segment-events.ndjson"), "utf8"),
        files: { "rules.json": readFileSync(join(examples, "rules.users-items.json"), "utf8") }
      })
      assert.strictEqual(await runCli(["events", "map", "--rules", "rules.json", "--json"], io), 0)
      const out = JSON.parse(stdout())
      assert.deepStrictEqual(out.users, [
        { users: [{ userId: "user-42", properties: '{"plan":"gold"}' }], lines: [[8]] }
      ])
      assert.isAbove(out.items.length, 0)
      for (const r of out.items) assert.isAtMost(r.items.length, 10)
      const text = recordingIo({
        stdin: readFileSync(join(examples, "segment-events.ndjson"), "utf8"),
        files: { "rules.json": readFileSync(join(examples, "rules.users-items.json"), "utf8") }
      })
      assert.strictEqual(await runCli(["events", "map", "--rules", "rules.json"], text.io), 0)
      assert.include(text.stdout(), 'PutUsers 1: 1 record(s)\n  line 8: user-42 properties={"plan":"gold"}')
    }
  )
})
