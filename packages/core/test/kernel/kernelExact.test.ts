import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Kernel from "../../src/kernel/index.ts"

// The kernel's messages and small rules exactly: error messages, stream ids at their bounds, the
// codec's failure reasons and versions, fold.

const Renamed = Schema.TaggedStruct("Renamed", { first: Schema.String })
const codec = Kernel.makeEventCodec(Renamed, {
  versions: { Renamed: 3 },
  upcasters: [
    { type: "Renamed", fromVersion: 1, upcast: (d) => ({ ...d, step1: true }) },
    {
      type: "Renamed",
      fromVersion: 2,
      upcast: () => {
        throw "not an Error"
      }
    }
  ]
})
const stored = (schemaVersion: number, data: unknown, type = "Renamed"): Kernel.StoredEvent => ({
  stream: Kernel.streamId("person", "p1"),
  version: 4,
  position: 40,
  type,
  schemaVersion,
  data,
  metadata: { at: 5, correlationId: "c", actor: "a" }
})
const reason = (r: Result.Result<unknown, Kernel.EventDecodeFailure>) =>
  Result.isFailure(r) ? r.failure.reason : undefined

describe("kernel errors and rules, exactly", () => {
  it("error messages name the stream and the numbers", () => {
    expect(new Kernel.VersionConflict({ stream: "job-1", expected: 3, actual: 5 }).message).toBe(
      "stream job-1 is at version 5, expected 3"
    )
    expect(new Kernel.VersionConflict({ stream: "job-1", expected: "any", actual: 0 }).message).toBe(
      "stream job-1 is at version 0, expected any"
    )
    expect(new Kernel.AppendTooLarge({ stream: "job-1", bytes: 400_001, limit: 400_000 }).message).toBe(
      "append to job-1 is 400001 bytes; one atomic append holds at most 400000"
    )
    expect(new Kernel.EventDecodeFailure({ stream: "job-1", version: 2, type: "T", reason: "r" }).message).toBe(
      "cannot decode event T at job-1@2: r"
    )
  })

  it("stream ids: category-id, 1–512 characters without white space", () => {
    expect(Kernel.streamId("job", "42")).toBe("job-42")
    const valid = Schema.is(Kernel.StreamId)
    expect(valid("x")).toBe(true)
    expect(valid("x".repeat(512))).toBe(true)
    expect(valid("x".repeat(513))).toBe(false)
    expect(valid("")).toBe(false)
    expect(valid("a b")).toBe(false)
    expect(valid("a\tb")).toBe(false)
    expect(() => Kernel.streamId("job", "a b")).toThrow()
  })

  it("encodes with the type's version, 1 by default", () => {
    const meta = { at: 1, correlationId: "c", actor: "a" }
    expect(Kernel.encodeEvent(codec, { _tag: "Renamed", first: "a" }, meta)).toEqual({
      type: "Renamed",
      schemaVersion: 3,
      data: { _tag: "Renamed", first: "a" },
      metadata: meta
    })
    expect(
      Kernel.encodeEvent(Kernel.makeEventCodec(Renamed), { _tag: "Renamed", first: "a" }, meta).schemaVersion
    ).toBe(1)
  })

  it.each<[string, Kernel.StoredEvent, string | undefined]>([
    ["current data", stored(3, { first: "a" }), undefined],
    ["null data", stored(3, null), "event data is not an object"],
    ["text data", stored(3, "x"), "event data is not an object"],
    ["an upcaster that throws a non-Error", stored(1, { first: "a" }), "upcaster from version 2 failed: not an Error"],
    ["a newer version", stored(4, { first: "a" }), "schema version 4 is newer than 3"]
  ])("decoding %s", (_, event, expected) => {
    expect(reason(Kernel.decodeEvent(codec, event))).toBe(expected)
  })

  it("an upcaster missing at the first step is named", () => {
    const missing = Kernel.makeEventCodec(Renamed, { versions: { Renamed: 2 } })
    expect(reason(Kernel.decodeEvent(missing, stored(1, { first: "a" })))).toBe("no upcaster from version 1 to 2")
    // Only the upcaster of this type and step applies.
    const other = Kernel.makeEventCodec(Renamed, {
      versions: { Renamed: 2 },
      upcasters: [{ type: "Other", fromVersion: 1, upcast: (d) => d }]
    })
    expect(reason(Kernel.decodeEvent(other, stored(1, { first: "a" })))).toBe("no upcaster from version 1 to 2")
  })

  it("the failure carries the stored event's stream, version and type", () => {
    const r = Kernel.decodeEvent(codec, stored(3, null))
    expect(Result.isFailure(r) && [r.failure.stream, r.failure.version, r.failure.type]).toEqual([
      "person-p1",
      4,
      "Renamed"
    ])
  })

  it("fold evolves from the initial state, in order", () => {
    const decider: Kernel.Decider<never, string, string, never> = {
      initialState: "0",
      decide: () => Result.succeed([]),
      evolve: (s, e) => `${s}${e}`
    }
    expect(Kernel.fold(decider, ["a", "b", "c"])).toBe("0abc")
    expect(Kernel.fold(decider, [])).toBe("0")
  })

  it("stores an event as it is only when no part of its schema checks or transforms (arrays, tuples, records included)", () => {
    const meta = { at: 1, correlationId: "c", actor: "a" }
    const stored = <E extends { readonly _tag: string }>(schema: Schema.Codec<E, unknown>, event: E) =>
      Kernel.encodeEvent(Kernel.makeEventCodec(schema), event, meta).data === event
    const Listed = Schema.TaggedStruct("Listed", {
      ids: Schema.Array(Schema.String),
      pair: Schema.Tuple([Schema.String, Schema.Number]),
      extra: Schema.Record(Schema.String, Schema.Number)
    })
    expect(stored(Listed, { _tag: "Listed", ids: ["a"], pair: ["x", 1], extra: { n: 1 } })).toBe(true)
    const CheckedElements = Schema.TaggedStruct("CheckedElements", {
      ids: Schema.Array(Schema.String.check(Schema.isNonEmpty()))
    })
    expect(stored(CheckedElements, { _tag: "CheckedElements", ids: ["a"] })).toBe(false)
    const CheckedRest = Schema.TaggedStruct("CheckedRest", {
      pair: Schema.TupleWithRest(Schema.Tuple([Schema.String]), [Schema.Number.check(Schema.isGreaterThan(0))])
    })
    expect(stored(CheckedRest, { _tag: "CheckedRest", pair: ["a", 1] })).toBe(false)
    const CheckedValues = Schema.TaggedStruct("CheckedValues", {
      extra: Schema.Record(Schema.String, Schema.Number.check(Schema.isGreaterThan(0)))
    })
    expect(stored(CheckedValues, { _tag: "CheckedValues", extra: { n: 1 } })).toBe(false)
    const Declared = Schema.TaggedStruct("Declared", { when: Schema.Date })
    expect(stored(Declared, { _tag: "Declared", when: new Date(0) })).toBe(false)
  })
})
