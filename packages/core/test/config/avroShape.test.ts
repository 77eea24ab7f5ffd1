import { describe, expect, it } from "vitest"
import { checkAvroShape } from "../../src/config/checkDatasetSchema.ts"

type Field = {
  readonly name: string
  readonly type: unknown
  readonly categorical?: boolean
  readonly textual?: boolean
}
const shape = (...fields: ReadonlyArray<Field>) =>
  checkAvroShape({ type: "record", name: "Items", fields } as Parameters<typeof checkAvroShape>[0]).map(
    (p) => `${p.path.join(".")}: ${p.message}`
  )

describe("checkAvroShape: the rules of any Personalize schema, field by field", () => {
  it("valid names, unique ignoring non-alphanumerics; a duplicate names the first", () => {
    expect(shape({ name: "ITEM_ID", type: "string" }, { name: "_private2", type: ["null", "int"] })).toEqual([])
    expect(shape({ name: "2ND", type: "string" }, { name: "a-b", type: "string" })).toEqual([
      'fields.0.name: "2ND" is not an Avro name (letters, digits and _, not starting with a digit)',
      'fields.1.name: "a-b" is not an Avro name (letters, digits and _, not starting with a digit)'
    ])
    expect(shape({ name: "A", type: "string" }, { name: "B", type: "string" }, { name: "A", type: "int" })).toEqual([
      'fields.2.name: duplicate field "A" (also fields[0])'
    ])
    expect(shape({ name: "GENRE_1", type: "string" }, { name: "genre1", type: "string" })).toEqual([
      'fields.1.name: "genre1" clashes with fields[0] "GENRE_1": field names must be unique ignoring non-alphanumeric characters'
    ])
  })

  it("categorical and textual only on strings (nullable ones too), never both on one field", () => {
    expect(
      shape(
        { name: "C", type: "string", categorical: true },
        { name: "T", type: ["null", "string"], textual: true },
        { name: "N", type: "int", categorical: false, textual: false }
      )
    ).toEqual([])
    expect(shape({ name: "AGE", type: "int", categorical: true })).toEqual([
      "fields.0.categorical: only string fields can be categorical (AGE is int)"
    ])
    expect(shape({ name: "PRICE", type: ["null", "float"], textual: true })).toEqual([
      "fields.0.textual: only string fields can be textual (PRICE is float)"
    ])
    expect(shape({ name: "D", type: "string", categorical: true, textual: true })).toEqual([
      "fields.0: D cannot be both categorical and textual"
    ])
    expect(shape({ name: "X", type: "long", categorical: true, textual: true })).toEqual([
      "fields.0.categorical: only string fields can be categorical (X is long)",
      "fields.0.textual: only string fields can be textual (X is long)",
      "fields.0: X cannot be both categorical and textual"
    ])
  })

  it("a type that is not allowed is the only problem reported for it (no categorical/textual check on it)", () => {
    const problems = shape({ name: "M", type: { type: "map", values: "string" }, categorical: true, textual: true })
    expect(problems).toEqual([
      "fields.0.type: Personalize schemas are flat: no nested records, arrays or maps (use a string with | separators)",
      "fields.0: M cannot be both categorical and textual"
    ])
  })
})
