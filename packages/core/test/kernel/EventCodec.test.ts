import { assert, describe, it } from "@effect/vitest"
import { Result, Schema, SchemaIssue } from "effect"
import * as Kernel from "../../src/kernel/index.ts"

// "Renamed" went through three schema versions:
//   v1 { name }   v2 { first, last }   v3 { first, last, title }
const Renamed = Schema.TaggedStruct("Renamed", { first: Schema.String, last: Schema.String, title: Schema.String })
const Deleted = Schema.TaggedStruct("Deleted", {})
const Person = Schema.Union([Renamed, Deleted])
type Person = typeof Person.Type

const upcasters: ReadonlyArray<Kernel.Upcaster> = [
  {
    type: "Renamed",
    fromVersion: 1,
    upcast: ({ name, ...rest }) => {
      const [first = "", ...last] = String(name).split(" ")
      return { ...rest, first, last: last.join(" ") }
    }
  },
  { type: "Renamed", fromVersion: 2, upcast: (data) => ({ ...data, title: "" }) }
]
const codec = Kernel.makeEventCodec<Person>(Person, { versions: { Renamed: 3 }, upcasters })

const formatIssue = SchemaIssue.makeFormatterDefault()

const meta = { at: 5, correlationId: "c", actor: "a" }
const stored = (type: string, schemaVersion: number, data: unknown): Kernel.StoredEvent => ({
  stream: Kernel.streamId("person", "p1"),
  version: 4,
  position: 40,
  type,
  schemaVersion,
  data,
  metadata: meta
})

const failure = <A>(r: Result.Result<A, Kernel.EventDecodeFailure>) => {
  if (Result.isSuccess(r)) return assert.fail(`expected a failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}

describe("EventCodec", () => {
  it("encodes with the event's current schema version and decodes it back", () => {
    const event: Person = { _tag: "Renamed", first: "Ada", last: "Lovelace", title: "Countess" }
    const encoded = Kernel.encodeEvent(codec, event, meta)
    assert.strictEqual(encoded.type, "Renamed")
    assert.strictEqual(encoded.schemaVersion, 3)
    assert.deepStrictEqual(encoded.metadata, meta)
    const back = Kernel.decodeEvent(codec, stored(encoded.type, encoded.schemaVersion, encoded.data))
    assert.deepStrictEqual(back, Result.succeed(event))
    assert.strictEqual(Kernel.encodeEvent(codec, { _tag: "Deleted" }, meta).schemaVersion, 1, "default version 1")
  })

  it("an event whose schema encodes as itself is stored as it is; a transformation or a check is still run", () => {
    const event: Person = { _tag: "Renamed", first: "Ada", last: "Lovelace", title: "Countess" }
    const plain = Kernel.encodeEvent(codec, event, meta).data
    assert.strictEqual(plain, event, "no Schema run: the event is the data")
    assert.deepStrictEqual(plain, Schema.encodeSync(Person)(event), "the same data the Schema encoding gives")
    const Moved = Schema.TaggedStruct("Moved", { at: Schema.NumberFromString })
    const moved = Kernel.encodeEvent(Kernel.makeEventCodec(Moved), { _tag: "Moved", at: 5 }, meta).data
    assert.deepStrictEqual(moved, { _tag: "Moved", at: "5" }, "a transformation is encoded")
    const Named = Schema.TaggedStruct("Named", { name: Schema.String.check(Schema.isNonEmpty()) })
    assert.throws(() => Kernel.encodeEvent(Kernel.makeEventCodec(Named), { _tag: "Named", name: "" }, meta))
  })

  it("upcasts a v1 event through every step to the current version", () => {
    assert.deepStrictEqual(
      Kernel.decodeEvent(codec, stored("Renamed", 1, { name: "Grace Brewster Hopper" })),
      Result.succeed<Person>({ _tag: "Renamed", first: "Grace", last: "Brewster Hopper", title: "" })
    )
    assert.deepStrictEqual(
      Kernel.decodeEvent(codec, stored("Renamed", 2, { first: "Alan", last: "Turing" })),
      Result.succeed<Person>({ _tag: "Renamed", first: "Alan", last: "Turing", title: "" })
    )
  })

  it("fails with EventDecodeFailure when an upcaster is missing", () => {
    const partial = Kernel.makeEventCodec<Person>(Person, { versions: { Renamed: 3 }, upcasters: [upcasters[0]!] })
    const error = failure(Kernel.decodeEvent(partial, stored("Renamed", 1, { name: "A B" })))
    assert.instanceOf(error, Kernel.EventDecodeFailure)
    assert.include(error, { stream: "person-p1", version: 4, type: "Renamed" })
    assert.match(error.reason, /no upcaster from version 2 to 3/)
  })

  it("fails, not crashes, when an upcaster throws on old data", () => {
    const throwing = Kernel.makeEventCodec<Person>(Person, {
      versions: { Renamed: 2 },
      upcasters: [
        {
          type: "Renamed",
          fromVersion: 1,
          upcast: () => {
            throw new Error("name missing")
          }
        }
      ]
    })
    assert.match(
      failure(Kernel.decodeEvent(throwing, stored("Renamed", 1, {}))).reason,
      /version 1 failed: name missing/
    )
  })

  it("fails when the stored version is newer than the code knows", () => {
    const error = failure(Kernel.decodeEvent(codec, stored("Renamed", 4, { first: "a", last: "b", title: "c" })))
    assert.match(error.reason, /schema version 4 is newer than 3/)
  })

  it("fails, naming the field, when the data does not fit the schema or the type is unknown", () => {
    assert.match(
      failure(Kernel.decodeEvent(codec, stored("Renamed", 3, { first: "a", last: 7, title: "" }))).reason,
      /last/
    )
    assert.instanceOf(failure(Kernel.decodeEvent(codec, stored("Exploded", 1, {}))), Kernel.EventDecodeFailure)
    assert.match(failure(Kernel.decodeEvent(codec, stored("Deleted", 1, "oops"))).reason, /not an object/)
  })
  it("decodes a union's event by the member its type names, with exactly the union's result", () => {
    const decodeWhole = Schema.decodeUnknownResult(Person)
    const cases: ReadonlyArray<[string, unknown]> = [
      ["Renamed", { first: "a", last: "b", title: "c", extra: 1 }],
      ["Renamed", { first: "a", last: 7, title: "" }],
      ["Renamed", { first: "a" }],
      ["Deleted", { first: "a" }],
      ["Exploded", { first: "a" }]
    ]
    for (const [type, data] of cases) {
      const whole = decodeWhole({ ...(data as object), _tag: type })
      const decoded = Kernel.decodeEvent(codec, stored(type, type === "Renamed" ? 3 : 1, data))
      if (Result.isSuccess(whole)) assert.deepStrictEqual(decoded, Result.succeed(whole.success), type)
      else assert.strictEqual(failure(decoded).reason, formatIssue(whole.failure.issue), type)
    }
    // Excess fields are dropped as the union drops them, and the fields keep the schema's order.
    const back = Kernel.decodeEvent(codec, stored("Renamed", 3, { title: "t", last: "l", first: "f", extra: 1 }))
    assert.deepStrictEqual(Object.keys(Result.getOrThrow(back)), ["_tag", "first", "last", "title"])
  })

  it("a union's own check or a tag two members share is still decided by the whole union", () => {
    const noDeletes = Schema.Union([Renamed, Deleted]).check(
      Schema.makeFilter((p) => p._tag !== "Deleted" || "no deletes")
    )
    const checked = Kernel.makeEventCodec<Person>(noDeletes)
    assert.match(failure(Kernel.decodeEvent(checked, stored("Deleted", 1, {}))).reason, /no deletes/)
    assert.deepStrictEqual(
      Kernel.decodeEvent(checked, stored("Renamed", 1, { first: "a", last: "b", title: "c" })),
      Result.succeed<Person>({ _tag: "Renamed", first: "a", last: "b", title: "c" })
    )
    // Two members with the tag "Renamed", both matching: the union takes the first.
    const Relabelled = Schema.TaggedStruct("Renamed", { last: Schema.String })
    const shared = Kernel.makeEventCodec(Schema.Union([Renamed, Relabelled]))
    assert.deepStrictEqual(
      Kernel.decodeEvent(shared, stored("Renamed", 1, { first: "a", last: "b", title: "c" })),
      Result.succeed({ _tag: "Renamed" as const, first: "a", last: "b", title: "c" })
    )
  })
  it("a plain event is read as decoding gives it, whatever its data: fields, order, failures and their reasons", () => {
    const Plain = Schema.Union([
      Schema.TaggedStruct("Full", {
        s: Schema.String,
        n: Schema.Number,
        b: Schema.Boolean,
        o: Schema.optionalKey(Schema.String),
        r: Schema.Record(Schema.String, Schema.Unknown),
        z: Schema.Null
      }),
      Schema.TaggedStruct("Loose", { lit: Schema.Literal("x"), u: Schema.Unknown }),
      Schema.TaggedStruct("Checked", { c: Schema.String.check(Schema.isNonEmpty()) })
    ])
    const plain = Kernel.makeEventCodec(Plain)
    const decodeWhole = Schema.decodeUnknownResult(Plain)
    const pool: ReadonlyArray<unknown> = [
      "",
      "x",
      0,
      -0,
      1.5,
      NaN,
      true,
      false,
      null,
      undefined,
      [],
      [1],
      {},
      { a: 1, b: { c: [2] } },
      { a: undefined },
      JSON.parse('{"__proto__": 1, "k": 2}'),
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { 1: "one", a: "a" }
    ]
    const records = pool.filter((v) => typeof v === "object" && v !== null && !Array.isArray(v))
    // Per type, each field and the values that fit it (most trials decode; the others fail somewhere).
    const fields: Record<string, Record<string, ReadonlyArray<unknown>>> = {
      Full: { s: ["", "x"], n: [0, -0, 1.5, NaN], b: [true, false], o: ["", "y"], r: records, z: [null] },
      Loose: { lit: ["x"], u: pool },
      Checked: { c: ["", "c"] }
    }
    // A small seeded generator: each field left out or given a value of the pool; sometimes an extra field.
    let seed = 7
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    let decodedCount = 0
    for (let trial = 0; trial < 3000; trial++) {
      const type = Object.keys(fields)[next(3)] as string
      const data: Record<string, unknown> = {}
      for (const [f, fits] of Object.entries(fields[type] ?? {})) {
        const roll = next(20)
        if (roll >= 2) data[f] = roll < 5 ? pool[next(pool.length)] : fits[next(fits.length)]
      }
      if (next(4) === 0) data.extra = pool[next(pool.length)]
      const whole = decodeWhole({ ...data, _tag: type })
      const decoded = Kernel.decodeEvent(plain, stored(type, 1, data))
      const label = `${type} ${String(trial)}`
      if (Result.isSuccess(whole)) {
        decodedCount++
        const got = Result.getOrThrow(decoded)
        assert.deepStrictEqual(got, whole.success, label)
        assert.deepStrictEqual(Object.keys(got), Object.keys(whole.success), label)
        if (type === "Full")
          assert.deepStrictEqual(
            Object.keys((got as { r: object }).r),
            Object.keys((whole.success as { r: object }).r),
            label
          )
      } else assert.strictEqual(failure(decoded).reason, formatIssue(whole.failure.issue), label)
    }
    // Both paths were taken many times.
    assert.isAbove(decodedCount, 400)
    assert.isAbove(3000 - decodedCount, 400)
  })
})
