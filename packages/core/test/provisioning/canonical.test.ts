import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { EventStore } from "../../src/kernel/EventStore.ts"
import type { ResourceArn } from "../../src/personalize/Arn.ts"
import {
  canonicalJson,
  canonicalSchema,
  fieldDiffers,
  observedValue,
  sameJson,
  subsetEqual
} from "../../src/provisioning/canonical.ts"
import { provisioningStream, readLedger, readProvisioningEvents } from "../../src/provisioning/ledger.ts"
import { parentForLookup, updateInput } from "../../src/provisioning/requests.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"

const a = "arn:aws:personalize:us-east-1:000000000000:campaign/c" as ResourceArn

describe("canonical JSON and comparisons", () => {
  it("sorts object keys at every depth, keeps array order, and spells undefined as null", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}'
    )
    expect(canonicalJson(undefined)).toBe("null")
    expect(canonicalJson("x")).toBe('"x"')
    expect(canonicalJson({ B: 1, a: 2, A: 3 })).toBe('{"A":3,"B":1,"a":2}')
  })

  it("two values are the same exactly when their canonical JSON is, plain values compared without it", () => {
    const values: ReadonlyArray<unknown> = [
      "a",
      "b",
      "",
      "1",
      1,
      0,
      -0,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      null,
      undefined,
      true,
      false,
      "true",
      { a: 1, b: [1, "x"] },
      { b: [1, "x"], a: 1 },
      { a: 1 },
      [1, "x"],
      ["x", 1],
      "\ud800",
      "\udc00"
    ]
    for (const x of values)
      for (const y of values) expect([x, y, sameJson(x, y)]).toEqual([x, y, canonicalJson(x) === canonicalJson(y)])
    // JSON has one zero, and no NaN or infinities (they are null).
    expect([sameJson(-0, 0), sameJson(NaN, null), sameJson(Infinity, NaN), sameJson(1, "1")]).toEqual([
      true,
      true,
      true,
      false
    ])
  })

  it("schemas compare as canonical JSON whether text or object; text that is not JSON stays as it is", () => {
    expect(canonicalSchema('{"type":"record","name":"x"}')).toBe(canonicalSchema({ name: "x", type: "record" }))
    expect(canonicalSchema("not json")).toBe("not json")
    expect(canonicalSchema({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
  })

  it.each([
    [undefined, { x: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [{ a: { b: 1 } }, { a: { b: 1, c: 2 } }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: 1 }, null, false],
    [{ a: 1 }, "a", false],
    [{ a: 1 }, {}, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [1, 2, 3], false],
    [3, 3, true],
    [null, null, true],
    [null, 0, false],
    [{}, {}, true],
    [{}, 5, false]
  ])("subsetEqual(%j, %j) = %s", (desired, observed, equal) => {
    expect(subsetEqual(desired, observed)).toBe(equal)
  })

  it("an observed value: the attribute, the field's absent default, or null; schemas canonical", () => {
    expect(observedValue("x", { x: 5 })).toBe(5)
    expect(observedValue("x", { x: 0 }, true)).toBe(0)
    expect(observedValue("x", {}, false)).toBe(false)
    expect(observedValue("x", { x: null }, "dflt")).toBe("dflt")
    expect(observedValue("x", {})).toBeNull()
    expect(observedValue("schema", { schema: '{"b":1,"a":2}' })).toBe('{"a":2,"b":1}')
  })

  it.each([
    [{ value: 1 }, 1, false],
    [{ value: 1 }, 2, true],
    [{ value: undefined }, null, false],
    [{ value: { a: 1 } }, { a: 1, b: 2 }, true],
    [{ value: { a: 1 }, subset: true }, { a: 1, b: 2 }, false],
    [{ value: { a: 1 }, subset: true }, { a: 2 }, true],
    [{ value: { b: 1, a: 2 } }, { a: 2, b: 1 }, false]
  ])("fieldDiffers(%j, %j) = %s", (want, have, differs) => {
    expect(fieldDiffers(want, have)).toBe(differs)
  })
})

describe("requests", () => {
  const v = (value: unknown) => ({ value })
  it("builds the UpdateX of each updatable kind from the desired fields", () => {
    expect(updateInput("Dataset", a, { schemaArn: v("arn:schema") })).toStrictEqual({
      kind: "Dataset",
      arn: a,
      schemaArn: "arn:schema"
    })
    expect(updateInput("Solution", a, { performAutoTraining: v(false) })).toStrictEqual({
      kind: "Solution",
      arn: a,
      performAutoTraining: false
    })
    expect(
      updateInput("Campaign", a, {
        solutionVersionArn: v("arn:v"),
        minProvisionedTPS: v(4),
        campaignConfig: v({ itemExplorationConfig: { a: "1" } })
      })
    ).toStrictEqual({
      kind: "Campaign",
      arn: a,
      solutionVersionArn: "arn:v",
      minProvisionedTPS: 4,
      campaignConfig: { itemExplorationConfig: { a: "1" } }
    })
    expect(updateInput("Campaign", a, { solutionVersionArn: v("arn:v"), minProvisionedTPS: v(1) })).toStrictEqual({
      kind: "Campaign",
      arn: a,
      solutionVersionArn: "arn:v",
      minProvisionedTPS: 1
    })
    expect(updateInput("Recommender", a, { recommenderConfig: v({ m: 1 }) })).toStrictEqual({
      kind: "Recommender",
      arn: a,
      recommenderConfig: { m: 1 }
    })
    expect(updateInput("Recommender", a, {})).toStrictEqual({ kind: "Recommender", arn: a, recommenderConfig: {} })
    for (const kind of ["Schema", "Filter", "EventTracker", "DatasetGroup", "SolutionVersion"] as const)
      expect(updateInput(kind, a, {})).toBeUndefined()
  })

  it("a create's parent to look a taken name up under: its group, dataset, solution; none for a group", () => {
    const g = "arn:aws:personalize:us-east-1:000000000000:dataset-group/g" as ResourceArn
    const s = "arn:aws:personalize:us-east-1:000000000000:solution/s" as ResourceArn
    expect(parentForLookup({ kind: "DatasetGroup", name: "g" })).toBeUndefined()
    expect(parentForLookup({ kind: "Filter", name: "f", datasetGroupArn: g, filterExpression: "x" })).toBe(g)
    expect(parentForLookup({ kind: "SolutionVersion", name: "v", solutionArn: s, trainingMode: "FULL" })).toBe(s)
    // A campaign names its version; it is listed under the version's solution.
    expect(
      parentForLookup({
        kind: "Campaign",
        name: "c",
        solutionVersionArn: `${s}/abc` as ResourceArn,
        minProvisionedTPS: 1
      })
    ).toBe(s)
  })
})

describe("the provisioning stream's ledger", () => {
  it.effect(
    "folds what the tool created, updated, adopted and deleted; other events and foreign types are skipped",
    () =>
      Effect.gen(function* () {
        const fake = makeFakeEventStore()
        const stream = provisioningStream("shop")
        expect(stream).toBe(provisioningStream("shop"))
        expect(stream).not.toBe(provisioningStream("other"))
        const meta = { at: 1, correlationId: "c", actor: "t" }
        const ev = (type: string, data: object) => ({ type, version: 1, data: { _tag: type, ...data }, metadata: meta })
        yield* fake.store.append(
          stream,
          [
            ev("ResourceReady", { key: "Campaign:c", arn: a, fields: { minProvisionedTPS: 1 }, adopted: false }),
            ev("StatusObserved", { key: "Campaign:c", arn: a, status: "ACTIVE" }),
            ev("SomethingElse", { key: "Campaign:c" }),
            ev("ResourceReady", { key: "Solution:s", arn: "arn:s", fields: {}, adopted: true })
          ] as never,
          "any"
        )
        const ledger = yield* readLedger(stream).pipe(Effect.provideService(EventStore, fake.store))
        expect([...ledger.entries()]).toEqual([
          ["Campaign:c", { arn: a, fields: { minProvisionedTPS: 1 } }],
          ["Solution:s", { arn: "arn:s", fields: {} }]
        ])
        const events = yield* readProvisioningEvents(stream).pipe(Effect.provideService(EventStore, fake.store))
        expect(events.map((e) => e._tag)).toEqual(["ResourceReady", "StatusObserved", "ResourceReady"])
        // A deletion of another resource of that key (an older one) leaves the entry.
        yield* fake.store.append(stream, [ev("ResourceDeleted", { key: "Campaign:c", arn: "arn:old" })] as never, "any")
        const kept = yield* readLedger(stream).pipe(Effect.provideService(EventStore, fake.store))
        expect([...kept.keys()]).toEqual(["Campaign:c", "Solution:s"])
        yield* fake.store.append(stream, [ev("ResourceDeleted", { key: "Campaign:c", arn: a })] as never, "any")
        const after = yield* readLedger(stream).pipe(Effect.provideService(EventStore, fake.store))
        expect([...after.keys()]).toEqual(["Solution:s"])
      })
  )
})
