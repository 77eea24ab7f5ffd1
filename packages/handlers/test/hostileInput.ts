// Hostile input for the entry points' fuzz tests: arbitrary JSON, deep nesting, huge strings, wrong types.
import fc from "fast-check"
import { expect } from "vitest"

/** An array nested `n` deep (a parser or decoder that recurses per level overflows the stack on it). */
export const deep = (n: number): unknown => JSON.parse("[".repeat(n) + "]".repeat(n))
/** An object nested `n` deep under `key`. */
export const deepObject = (n: number, key = "detail"): unknown =>
  JSON.parse(`{"${key}":`.repeat(n) + "0" + "}".repeat(n))

const huge = "x".repeat(600_000)

/** A value of any JSON type, often hostile: deep, huge, or of a type no field expects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      deep(5_000),
      deep(10_000),
      deepObject(5_000),
      huge,
      "+275760-09-13T00:00:01Z",
      -1,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
      "a b",
      "",
      null,
      true,
      [],
      {}
    )
  }
)

const deepText = (n: number) => "[".repeat(n) + "]".repeat(n)

/** A JSON text that parses to hostile input, or does not parse at all. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      deepText(5_000),
      deepText(10_000),
      `{"detail":`.repeat(5_000) + "0" + "}".repeat(5_000),
      JSON.stringify({ name: huge }),
      JSON.stringify(huge),
      '{"time":"+275760-09-13T00:00:01Z","id":"a b"}',
      "[".repeat(100_000),
      '{"a":'.repeat(20_000),
      "{",
      "\u0000",
      "not json",
      "null"
    )
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }
)

/** An object with some of `keys`, each a hostile value. */
export const hostileRecord = (keys: ReadonlyArray<string>) =>
  fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length })

/**
 * Runs `invoke` and checks the entry point did not crash: it answered, or it failed with a typed error
 * (a tagged error, not a RangeError / TypeError / SyntaxError thrown from the inside).
 */
export const answersOrTypedFailure = async <A>(invoke: () => Promise<A>): Promise<{ readonly answer?: A }> => {
  try {
    return { answer: await invoke() }
  } catch (error) {
    expect(error).not.toBeInstanceOf(RangeError)
    expect(error).not.toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(SyntaxError)
    expect(typeof (error as { _tag?: unknown })._tag, String(error)).toBe("string")
    return {}
  }
}
