import type { DatasetType, Domain } from "./Deployment.ts"

/**
 * Amazon Personalize's dataset (Avro) schema rules as ONE table: required and reserved fields per
 * dataset type, allowed types, metadata limits. The config validator and the in-memory Personalize
 * twin both read it, so the two can never disagree. Sources: aws-facts §2 (custom dataset groups:
 * current docs; domain dataset groups: 2023 docs, marked OLD there).
 */

/** The Avro primitive types Personalize accepts (`null` only inside a `["null", T]` union). */
export const avroPrimitiveTypes = ["string", "int", "long", "float", "double", "boolean"] as const
export type AvroPrimitive = (typeof avroPrimitiveTypes)[number]

/** A serialised schema longer than this is refused by CreateSchema. */
export const maxAvroSchemaLength = 20_000

/** How a reserved field relates to `"categorical": true`. */
export type CategoricalRule = "required" | "forbidden" | "free"

/** A required or reserved field: its name and the types it may have. */
export interface ReservedField {
  readonly name: string
  readonly types: ReadonlyArray<AvroPrimitive>
  /** Whether `["null", T]` is allowed. */
  readonly nullable: boolean
  readonly categorical: CategoricalRule
  /** Reserved textual fields (`PRODUCT_DESCRIPTION`) must carry `"textual": true`. */
  readonly textual?: boolean
}

/** The rules for one dataset type (in a custom or a domain dataset group). */
export interface DatasetTypeRules {
  /** What the Avro record `name` should say (compared case-insensitively, ignoring `_`). */
  readonly recordName: string
  readonly required: ReadonlyArray<ReservedField>
  readonly reserved: ReadonlyArray<ReservedField>
  /** Fields beyond the required and reserved ones. */
  readonly minMetadataFields: number
  readonly maxMetadataFields?: number
  /** Textual fields allowed (0 means `"textual"` is not allowed in this dataset type). */
  readonly maxTextualFields: number
}

const field = (
  name: string,
  types: ReadonlyArray<AvroPrimitive>,
  options: { readonly nullable?: boolean; readonly categorical?: CategoricalRule; readonly textual?: boolean } = {}
): ReservedField => ({
  name,
  types,
  nullable: options.nullable ?? false,
  categorical: options.categorical ?? (types.includes("string") ? "forbidden" : "free"),
  ...(options.textual ? { textual: true } : {})
})

const nullableString = (name: string) => field(name, ["string"], { nullable: true })
const nullableLong = (name: string) => field(name, ["long"], { nullable: true })
const categorical = (name: string) => field(name, ["string"], { categorical: "required" })

const interactionsReserved = [
  field("EVENT_TYPE", ["string"]),
  field("EVENT_VALUE", ["float"], { nullable: true }),
  nullableString("IMPRESSION"),
  nullableString("RECOMMENDATION_ID"),
  nullableString("EVENT_ATTRIBUTION_SOURCE")
]

/** Custom dataset groups: the rules per dataset type. */
export const customDatasetSchemaRules: Readonly<Record<DatasetType, DatasetTypeRules>> = {
  Interactions: {
    recordName: "Interactions",
    required: [field("USER_ID", ["string"]), field("ITEM_ID", ["string"]), field("TIMESTAMP", ["long"])],
    reserved: interactionsReserved,
    minMetadataFields: 0,
    maxMetadataFields: 5,
    maxTextualFields: 0
  },
  Users: {
    recordName: "Users",
    required: [field("USER_ID", ["string"])],
    reserved: [],
    minMetadataFields: 1,
    maxMetadataFields: 25,
    maxTextualFields: 0
  },
  Items: {
    recordName: "Items",
    required: [field("ITEM_ID", ["string"])],
    reserved: [field("CREATION_TIMESTAMP", ["long"])],
    minMetadataFields: 1,
    maxMetadataFields: 100,
    maxTextualFields: 1
  },
  Actions: {
    recordName: "Actions",
    required: [field("ACTION_ID", ["string"])],
    reserved: [
      field("CREATION_TIMESTAMP", ["long"]),
      nullableLong("VALUE"),
      field("TYPE", ["string"], { nullable: true, categorical: "free" }),
      nullableLong("EXPIRATION_TIMESTAMP"),
      nullableLong("REPEAT_FREQUENCY")
    ],
    minMetadataFields: 1,
    maxTextualFields: 0
  },
  Action_Interactions: {
    recordName: "ActionInteractions",
    required: [
      field("USER_ID", ["string"]),
      field("ACTION_ID", ["string"]),
      field("TIMESTAMP", ["long"]),
      field("EVENT_TYPE", ["string"])
    ],
    reserved: [nullableString("IMPRESSION"), nullableString("RECOMMENDATION_ID")],
    minMetadataFields: 0,
    maxTextualFields: 0
  }
}

const domainInteractions: DatasetTypeRules = {
  ...customDatasetSchemaRules.Interactions,
  required: [...customDatasetSchemaRules.Interactions.required, field("EVENT_TYPE", ["string"])],
  reserved: interactionsReserved.filter((f) => f.name !== "EVENT_TYPE")
}

/** Domain dataset groups: the dataset types whose rules differ from a custom group's. */
export const domainDatasetSchemaRules: Readonly<Record<Domain, Partial<Record<DatasetType, DatasetTypeRules>>>> = {
  ECOMMERCE: {
    Interactions: domainInteractions,
    Items: {
      ...customDatasetSchemaRules.Items,
      required: [field("ITEM_ID", ["string"]), field("PRICE", ["float"]), categorical("CATEGORY_L1")],
      reserved: [
        categorical("CATEGORY_L2"),
        categorical("CATEGORY_L3"),
        field("PRODUCT_DESCRIPTION", ["string"], { nullable: true, textual: true }),
        field("CREATION_TIMESTAMP", ["long"]),
        categorical("AGE_GROUP"),
        categorical("ADULT"),
        categorical("GENDER")
      ],
      minMetadataFields: 0
    }
  },
  VIDEO_ON_DEMAND: {
    Interactions: domainInteractions,
    Users: { ...customDatasetSchemaRules.Users, reserved: [categorical("SUBSCRIPTION_MODEL")] },
    Items: {
      ...customDatasetSchemaRules.Items,
      required: [field("ITEM_ID", ["string"]), field("CREATION_TIMESTAMP", ["long"]), categorical("GENRES")],
      reserved: [
        field("PRICE", ["float"]),
        field("DURATION", ["float"]),
        categorical("GENRE_L2"),
        categorical("GENRE_L3"),
        field("AVERAGE_RATING", ["float"]),
        field("PRODUCT_DESCRIPTION", ["string"], { nullable: true, textual: true }),
        categorical("CONTENT_OWNER"),
        categorical("CONTENT_CLASSIFICATION")
      ],
      minMetadataFields: 0
    }
  }
}

/** The schema rules for a dataset type, in a custom dataset group or in a domain one. */
export const datasetSchemaRules = (datasetType: DatasetType, domain?: Domain): DatasetTypeRules =>
  (domain === undefined ? undefined : domainDatasetSchemaRules[domain][datasetType]) ??
  customDatasetSchemaRules[datasetType]

/** Every dataset type, in the order Personalize documents them. */
export const datasetTypes: ReadonlyArray<DatasetType> = [
  "Interactions",
  "Items",
  "Users",
  "Actions",
  "Action_Interactions"
]
