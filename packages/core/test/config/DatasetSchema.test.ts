import { describe, expect, it } from "vitest"
import { type AvroSchemaDocument, checkDatasetSchema, datasetSchemaRules } from "../../src/config/index.ts"

const interactions = (...extra: Array<AvroSchemaDocument["fields"][number]>): AvroSchemaDocument => ({
  type: "record",
  name: "Interactions",
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "ITEM_ID", type: "string" },
    { name: "TIMESTAMP", type: "long" },
    ...extra
  ]
})
const items = (...fields: Array<AvroSchemaDocument["fields"][number]>): AvroSchemaDocument => ({
  type: "record",
  name: "Items",
  fields: [{ name: "ITEM_ID", type: "string" }, ...fields]
})
const messages = (
  avro: AvroSchemaDocument,
  type: Parameters<typeof checkDatasetSchema>[1] = "Interactions",
  domain?: "ECOMMERCE" | "VIDEO_ON_DEMAND"
) => checkDatasetSchema(avro, type, domain).map((p) => `${p.path.join(".")}: ${p.message}`)

describe("checkDatasetSchema", () => {
  it("accepts a minimal Interactions schema and reserved fields with their types", () => {
    expect(messages(interactions())).toEqual([])
    expect(
      messages(
        interactions(
          { name: "EVENT_TYPE", type: "string" },
          { name: "EVENT_VALUE", type: ["null", "float"] },
          { name: "IMPRESSION", type: ["null", "string"] },
          { name: "DEVICE", type: "string", categorical: true }
        )
      )
    ).toEqual([])
  })

  it("reports a missing required field", () => {
    const avro: AvroSchemaDocument = {
      type: "record",
      name: "Interactions",
      fields: [
        { name: "ITEM_ID", type: "string" },
        { name: "TIMESTAMP", type: "long" }
      ]
    }
    expect(messages(avro)).toEqual(["fields: missing required field USER_ID (string) for an Interactions dataset"])
  })

  it("checks the types of required and reserved fields", () => {
    expect(messages(interactions({ name: "EVENT_VALUE", type: "string" }))).toEqual([
      'fields.3.type: EVENT_VALUE must be float or ["null", "float"] in an Interactions dataset'
    ])
    const nullableUser = interactions()
    expect(
      messages({
        ...nullableUser,
        fields: [{ name: "USER_ID", type: ["null", "string"] }, ...nullableUser.fields.slice(1)]
      })
    ).toEqual(["fields.0.type: USER_ID must be string in an Interactions dataset"])
  })

  it("allows only primitive types and [null, T] unions; no nesting", () => {
    expect(messages(interactions({ name: "A", type: "bytes" }))[0]).toContain('type "bytes" is not allowed')
    expect(messages(interactions({ name: "A", type: "null" }))[0]).toContain("only in a union")
    expect(messages(interactions({ name: "A", type: ["string", "int"] }))[0]).toContain("is not allowed")
    expect(messages(interactions({ name: "A", type: { type: "array", items: "string" } }))[0]).toContain("flat")
    expect(messages(interactions({ name: "A", type: ["int", "null"] }))).toEqual([])
  })

  it("enforces reserved categorical rules and categorical/textual only on strings", () => {
    expect(messages(interactions({ name: "EVENT_TYPE", type: "string", categorical: true }))).toEqual([
      "fields.3.categorical: EVENT_TYPE is a reserved field that cannot be categorical"
    ])
    expect(messages(interactions({ name: "AGE", type: "int", categorical: true }))[0]).toContain(
      "only string fields can be categorical"
    )
    expect(messages(items({ name: "CATEGORY_L1", type: "string" }), "Items", "ECOMMERCE")).toContain(
      'fields.1: CATEGORY_L1 is a reserved categorical field: add "categorical": true'
    )
  })

  it("finds duplicate and alphanumerically clashing field names", () => {
    expect(messages(interactions({ name: "USER_ID", type: "string" }))).toEqual([
      'fields.3.name: duplicate field "USER_ID" (also fields[0])'
    ])
    expect(
      messages(items({ name: "GENRES_FIELD_1", type: "int" }, { name: "GENRESFIELD1", type: "int" }), "Items")
    ).toEqual([
      'fields.2.name: "GENRESFIELD1" clashes with fields[1] "GENRES_FIELD_1": field names must be unique ignoring non-alphanumeric characters'
    ])
  })

  it("enforces metadata limits and textual rules", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `M${i}`, type: "int" }))
    expect(messages(interactions(...six))).toEqual([
      "fields: an Interactions dataset allows at most 5 metadata fields (got 6)"
    ])
    expect(messages(items(), "Items")).toEqual([
      "fields: an Items dataset needs at least 1 metadata field besides ITEM_ID"
    ])
    expect(
      messages(
        items({ name: "A", type: "string", textual: true }, { name: "B", type: "string", textual: true }),
        "Items"
      )
    ).toEqual(["fields: an Items dataset allows at most 1 textual field (got 2)"])
    expect(messages(interactions({ name: "NOTE", type: "string", textual: true }))[0]).toContain(
      "only in an Items dataset"
    )
  })

  it("applies domain rules (aws-facts §2.3)", () => {
    expect(messages(interactions(), "Interactions", "VIDEO_ON_DEMAND")).toEqual([
      "fields: missing required field EVENT_TYPE (string) for an Interactions dataset of a VIDEO_ON_DEMAND dataset group"
    ])
    expect(
      messages(
        items({ name: "PRICE", type: "float" }, { name: "CATEGORY_L1", type: "string", categorical: true }),
        "Items",
        "ECOMMERCE"
      )
    ).toEqual([])
  })

  it("checks the record name against the dataset type (case-insensitively) and the serialised length", () => {
    expect(messages({ ...interactions(), name: "interactions" })).toEqual([])
    expect(messages({ ...interactions(), name: "Users" })[0]).toContain("record name must match the dataset type")
    const long = items(
      ...Array.from({ length: 100 }, (_, i) => ({ name: `FIELD_${i}`, type: "int", doc: "x".repeat(200) }))
    )
    expect(messages(long, "Items")).toEqual([expect.stringContaining("the limit is 20000")])
  })

  it("is one table: Users need a metadata field, Action_Interactions need EVENT_TYPE", () => {
    expect(datasetSchemaRules("Users").minMetadataFields).toBe(1)
    expect(datasetSchemaRules("Action_Interactions").required.map((f) => f.name)).toEqual([
      "USER_ID",
      "ACTION_ID",
      "TIMESTAMP",
      "EVENT_TYPE"
    ])
  })
})
