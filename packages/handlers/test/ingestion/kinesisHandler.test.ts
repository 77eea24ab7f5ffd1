import { assert, describe, it } from "@effect/vitest"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import { Base64 } from "effect/encoding"
import fc from "fast-check"
import { makeKinesisHandler } from "../../src/ingestion/index.ts"
import { arbitraryKinds, buildRecords, kinesisEvent, layerMemoryIngestion, trackEvent } from "./support.ts"

const b64 = (value: unknown) => Base64.encode(JSON.stringify(value))

/** Turns core's generated records into a Kinesis event. */
const asKinesis = (records: ReturnType<typeof buildRecords>["records"]) =>
  kinesisEvent(records.map((r) => ({ id: r.id, data: r.payload._tag === "Base64" ? r.payload.data : "" })))

describe("Kinesis handler on memory adapters", () => {
  it("batches by session, dead-letters bad records, logs one EMF line", async () => {
    const events = makeMemoryPersonalizeEvents()
    const dl = makeMemoryDeadLetter()
    const lines: Array<string> = []
    const handler = makeKinesisHandler(layerMemoryIngestion(events, dl), { emit: (l) => lines.push(l) })
    const records = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `${100 + i}`, data: b64(trackEvent({ messageId: `m${i}` })) })),
      { id: "200", data: "%%%" },
      { id: "201", data: b64(trackEvent({ messageId: "x", event: "Product Viewed" })) },
      { id: "202", data: b64(trackEvent({ messageId: "m0" })) }
    ]
    const response = await handler(kinesisEvent(records))
    await handler.runtime.dispose()
    assert.deepStrictEqual(response, { batchItemFailures: [] })
    assert.deepStrictEqual(
      events.accepted().map((r) => r.eventList.length),
      [10, 2]
    )
    assert.deepStrictEqual(
      dl.entries().map((e) => [e.id, e.bucket, e.payload]),
      [["200", "invalid", "%%%"]]
    )
    assert.strictEqual(lines.length, 1)
    const emf = JSON.parse(lines[0]!)
    assert.strictEqual(emf._aws.CloudWatchMetrics[0].Namespace, "PersonalizeOps/Ingestion")
    assert.deepStrictEqual(
      [emf.Received, emf.Sent, emf.Skipped, emf.Invalid, emf.Failed, emf.PutEventsCalls],
      [15, 12, 2, 1, 0, 2]
    )
    assert.strictEqual(emf.PutEventsLatency.length, 2)
  })

  it("for any mix and injected failures, batchItemFailures names exactly the records to retry", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryKinds,
        fc.subarray([0, 1, 2, 3, 4]),
        fc.subarray([0, 1, 2, 3, 4]),
        fc.boolean(),
        async (kinds, failing, rejected, deadLetterDown) => {
          const { records, expected } = buildRecords(kinds)
          const sessionOf = (sessionId: string) => Number(sessionId.replace("anon-", ""))
          const events = makeMemoryPersonalizeEvents({
            failWhen: (r) =>
              failing.includes(sessionOf(r.sessionId))
                ? "ServiceUnavailableException"
                : rejected.includes(sessionOf(r.sessionId))
                  ? "InvalidInputException"
                  : undefined
          })
          const dl = makeMemoryDeadLetter({ failAll: deadLetterDown })
          const lines: Array<string> = []
          const handler = makeKinesisHandler(layerMemoryIngestion(events, dl), { emit: (l) => lines.push(l) })
          const response = await handler(asKinesis(records))
          await handler.runtime.dispose()

          // every record in exactly one bucket (the EMF counters of the invocation)
          const emf = JSON.parse(lines[0] ?? "{}")
          assert.strictEqual(emf.Received, records.length)
          assert.strictEqual(emf.Sent + emf.Skipped + emf.Invalid + emf.Failed, records.length)

          const session = new Map(kinds.map((k, i) => [`seq-${String(i).padStart(5, "0")}`, k.session]))
          const mustRetry = records
            .map((r) => r.id)
            .filter((id) => {
              const kind = expected.get(id)
              const s = session.get(id) ?? -1
              if (kind === "valid") return failing.includes(s) || (rejected.includes(s) && deadLetterDown)
              return (kind === "badBase64" || kind === "badJson" || kind === "missingField") && deadLetterDown
            })
          assert.deepStrictEqual(
            response.batchItemFailures.map((f) => f.itemIdentifier),
            mustRetry
          )
          // everything valid in a healthy session was accepted exactly once
          const acceptedIds = events.accepted().flatMap((r) => r.eventList.map((e) => e.eventId))
          assert.strictEqual(new Set(acceptedIds).size, acceptedIds.length)
          const healthyValid = records.filter((r) => {
            const s = session.get(r.id) ?? -1
            return expected.get(r.id) === "valid" && !failing.includes(s) && !rejected.includes(s)
          })
          assert.strictEqual(acceptedIds.length, healthyValid.length)
          assert.strictEqual(emf.Sent, healthyValid.length)
          for (const req of events.calls()) assert.isAtMost(req.eventList.length, 10)
          if (!deadLetterDown) {
            const lettered = new Set(dl.entries().map((e) => e.id))
            for (const r of records) {
              const kind = expected.get(r.id)
              const s = session.get(r.id) ?? -1
              const shouldLetter =
                kind === "badBase64" ||
                kind === "badJson" ||
                kind === "missingField" ||
                (kind === "valid" && rejected.includes(s) && !failing.includes(s))
              assert.strictEqual(lettered.has(r.id), shouldLetter, `${r.id} ${kind}`)
            }
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("isolates a refused event: halves are resent until only it is dead-lettered", async () => {
    const events = makeMemoryPersonalizeEvents({
      failWhen: (r) => (r.eventList.some((e) => e.itemId === "POISON") ? "InvalidInputException" : undefined)
    })
    const dl = makeMemoryDeadLetter()
    const lines: Array<string> = []
    const handler = makeKinesisHandler(layerMemoryIngestion(events, dl), { emit: (l) => lines.push(l) })
    const records = Array.from({ length: 10 }, (_, i) => ({
      id: `${100 + i}`,
      data: b64(trackEvent({ messageId: `m${i}`, properties: { sku: i === 6 ? "POISON" : `S${i}` } }))
    }))
    const response = await handler(kinesisEvent(records))
    await handler.runtime.dispose()
    assert.deepStrictEqual(response, { batchItemFailures: [] })
    assert.deepStrictEqual(
      dl.entries().map((e) => [e.id, e.bucket]),
      [["106", "failed"]]
    )
    const accepted = events.accepted().flatMap((r) => r.eventList.map((e) => e.eventId))
    assert.deepStrictEqual(
      accepted,
      ["m0", "m1", "m2", "m3", "m4", "m5", "m7", "m8", "m9"],
      "the nine siblings are sent, in order"
    )
    // 10 → 5 + 5 → (3 + 2) of the second half → (1 + 2)... at most 2·log2(10) extra calls
    const emf = JSON.parse(lines[0]!)
    assert.strictEqual(emf.PutEventsCalls, events.calls().length)
    assert.isAtMost(events.calls().length, 1 + 2 * Math.ceil(Math.log2(10)))
    assert.deepStrictEqual([emf.Sent, emf.Failed, emf.DeadLettered], [9, 1, 1])
  })

  it("keeps a session's order: after a throttled middle request, later ones wait for the redelivery", async () => {
    const events = makeMemoryPersonalizeEvents({
      failWhen: (r) => (r.eventList[0]?.eventId === "m10" ? "ThrottlingException" : undefined)
    })
    const handler = makeKinesisHandler(layerMemoryIngestion(events, makeMemoryDeadLetter()), { emit: () => {} })
    const ids = Array.from({ length: 25 }, (_, i) => `${1000 + i}`)
    const response = await handler(
      kinesisEvent(ids.map((id, i) => ({ id, data: b64(trackEvent({ messageId: `m${i}` })) })))
    )
    await handler.runtime.dispose()
    assert.deepStrictEqual(
      events.accepted().map((r) => r.eventList.length),
      [10],
      "the third request is not sent ahead of the second"
    )
    assert.deepStrictEqual(
      response.batchItemFailures.map((f) => f.itemIdentifier),
      ids.slice(10)
    )
  })

  it("a redelivered batch does not dead-letter the same record twice", async () => {
    const events = makeMemoryPersonalizeEvents({
      failWhen: (r) => (r.sessionId === "anon-slow" ? "ThrottlingException" : undefined)
    })
    const dl = makeMemoryDeadLetter()
    const handler = makeKinesisHandler(layerMemoryIngestion(events, dl), { emit: () => {} })
    const batch = kinesisEvent([
      { id: "1", data: b64(trackEvent({ messageId: "a", anonymousId: "anon-slow" })) },
      { id: "2", data: "%%%" }
    ])
    const first = await handler(batch)
    const second = await handler(batch)
    await handler.runtime.dispose()
    assert.deepStrictEqual(first.batchItemFailures, [{ itemIdentifier: "1" }])
    assert.deepStrictEqual(second.batchItemFailures, [{ itemIdentifier: "1" }])
    assert.deepStrictEqual(
      dl.entries().map((e) => [e.id, e.dedupeKey]),
      [["2", "kinesis:arn:aws:kinesis:us-east-1:123456789012:stream/segment|2"]]
    )
  })

  it("fails the invocation on an envelope without sequence numbers", async () => {
    const handler = makeKinesisHandler(layerMemoryIngestion(makeMemoryPersonalizeEvents(), makeMemoryDeadLetter()), {
      emit: () => {}
    })
    let failed = false
    await handler({ Records: [{ kinesis: { data: "e30=" } }] } as never).catch(() => {
      failed = true
    })
    await handler.runtime.dispose()
    assert.isTrue(failed)
  })
})

describe("settings are decoded at cold start with a clear error", () => {
  const attempt = async (env: Record<string, string>) => {
    const handler = makeKinesisHandler(
      layerMemoryIngestion(makeMemoryPersonalizeEvents(), makeMemoryDeadLetter(), env),
      {
        emit: () => {}
      }
    )
    try {
      await handler(kinesisEvent([]))
      return "ok"
    } catch (error) {
      return String(error)
    } finally {
      await handler.runtime.dispose()
    }
  }

  it("names the missing tracking id", async () => {
    assert.match(await attempt({}), /SettingsError.*PERSONALIZE_TRACKING_ID/s)
  })

  it("names the field path of a bad rules document", async () => {
    const message = await attempt({ PERSONALIZE_TRACKING_ID: "t", INGESTION_RULES: '{"events":[1]}' })
    assert.match(message, /INGESTION_RULES.*events\[0\]/s)
    assert.match(await attempt({ PERSONALIZE_TRACKING_ID: "t", INGESTION_CONCURRENCY: "0" }), /INGESTION_CONCURRENCY/)
    assert.strictEqual(
      await attempt({ PERSONALIZE_TRACKING_ID: "t", INGESTION_RULES: '{"events":["Signed Up"]}' }),
      "ok"
    )
  })
})
