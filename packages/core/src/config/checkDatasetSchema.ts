import { Schema } from "effect"
import type { ConfigPath } from "./ConfigPath.ts"
import {
  avroPrimitiveTypes,
  datasetSchemaRules,
  maxAvroSchemaLength,
  type ReservedField
} from "./DatasetSchemaRules.ts"
import type { AvroField, AvroSchema, DatasetType, Domain } from "./Deployment.ts"

/** The Avro record as users write it; field types are checked by {@link checkDatasetSchema} for clearer messages. */
export const AvroFieldDocument = Schema.Struct({
  name: Schema.String,
  type: Schema.Unknown,
  categorical: Schema.optionalKey(Schema.Boolean),
  textual: Schema.optionalKey(Schema.Boolean),
  default: Schema.optionalKey(Schema.Unknown),
  doc: Schema.optionalKey(Schema.String)
})

export const AvroSchemaDocument = Schema.Struct({
  type: Schema.Literal("record"),
  name: Schema.String,
  namespace: Schema.optionalKey(Schema.String),
  doc: Schema.optionalKey(Schema.String),
  fields: Schema.Array(AvroFieldDocument),
  version: Schema.optionalKey(Schema.String)
})
export type AvroSchemaDocument = typeof AvroSchemaDocument.Type

/** A problem in a dataset schema, at a path relative to the schema object. */
export interface SchemaProblem {
  readonly path: ConfigPath
  readonly message: string
}

const primitives: ReadonlyArray<string> = avroPrimitiveTypes
const avroName = /^[A-Za-z_][A-Za-z0-9_]*$/
const normalisedRecordName = (name: string) => name.replace(/_/g, "").toLowerCase()

/** A field's type as (primitive, nullable), or why it is not one Personalize accepts. */
const fieldType = (
  type: unknown
):
  | { readonly ok: true; readonly primitive: string; readonly nullable: boolean }
  | { readonly ok: false; readonly message: string } => {
  if (typeof type === "string") {
    if (primitives.includes(type)) return { ok: true, primitive: type, nullable: false }
    if (type === "null")
      return { ok: false, message: `type "null" is allowed only in a union such as ["null", "string"]` }
    return { ok: false, message: `type "${type}" is not allowed (use ${avroPrimitiveTypes.join(", ")} or ["null", T])` }
  }
  if (Array.isArray(type)) {
    const others = type.filter((t) => t !== "null")
    const other = others[0]
    if (type.length === 2 && others.length === 1 && typeof other === "string" && primitives.includes(other))
      return { ok: true, primitive: other, nullable: true }
    return {
      ok: false,
      message: `union ${JSON.stringify(type)} is not allowed: only ["null", T] with T one of ${avroPrimitiveTypes.join(", ")}`
    }
  }
  return {
    ok: false,
    message: "Personalize schemas are flat: no nested records, arrays or maps (use a string with | separators)"
  }
}

const describeTypes = (reserved: ReservedField) =>
  [...reserved.types, ...(reserved.nullable ? reserved.types.map((t) => `["null", "${t}"]`) : [])].join(" or ")

/**
 * The rules of any Personalize schema, whatever dataset it will serve (what CreateSchema checks): a
 * flat record of allowed types, Avro names unique also alphanumerically, categorical and textual only
 * on strings and not both, the serialised length.
 */
export const checkAvroShape = (avro: AvroSchemaDocument): Array<SchemaProblem> => {
  const problems: Array<SchemaProblem> = []
  const serialised = JSON.stringify(avro).length
  if (serialised > maxAvroSchemaLength)
    problems.push({
      path: [],
      message: `the schema is ${serialised} characters when serialised; the limit is ${maxAvroSchemaLength}`
    })
  const seen = new Map<string, number>()
  for (const [i, f] of avro.fields.entries()) {
    const at = ["fields", i] as const
    if (!avroName.test(f.name))
      problems.push({
        path: [...at, "name"],
        message: `"${f.name}" is not an Avro name (letters, digits and _, not starting with a digit)`
      })
    const key = f.name.replace(/[^A-Za-z0-9]/g, "").toUpperCase()
    const first = seen.get(key)
    if (first !== undefined) {
      const same = avro.fields[first]?.name === f.name
      problems.push({
        path: [...at, "name"],
        message: same
          ? `duplicate field "${f.name}" (also fields[${first}])`
          : `"${f.name}" clashes with fields[${first}] "${avro.fields[first]?.name}": field names must be unique ignoring non-alphanumeric characters`
      })
    } else seen.set(key, i)
    const type = fieldType(f.type)
    if (!type.ok) problems.push({ path: [...at, "type"], message: type.message })
    if (f.categorical === true && type.ok && type.primitive !== "string")
      problems.push({
        path: [...at, "categorical"],
        message: `only string fields can be categorical (${f.name} is ${type.primitive})`
      })
    if (f.textual === true) {
      if (type.ok && type.primitive !== "string")
        problems.push({
          path: [...at, "textual"],
          message: `only string fields can be textual (${f.name} is ${type.primitive})`
        })
      if (f.categorical === true)
        problems.push({ path: [...at], message: `${f.name} cannot be both categorical and textual` })
    }
  }
  return problems
}

/**
 * Checks a dataset's Avro schema against Personalize's rules for its dataset type (and domain): the
 * shape rules of {@link checkAvroShape}, then the record name, required and reserved fields with their
 * types, categorical/textual rules of reserved fields, metadata limits (what CreateDataset checks).
 */
export const checkDatasetSchema = (
  avro: AvroSchemaDocument,
  datasetType: DatasetType,
  domain?: Domain
): ReadonlyArray<SchemaProblem> => {
  const problems = checkAvroShape(avro)
  const rules = datasetSchemaRules(datasetType, domain)
  const article = /^[AI]/.test(datasetType) ? "an" : "a"
  const where =
    domain === undefined
      ? `${article} ${datasetType} dataset`
      : `${article} ${datasetType} dataset of a ${domain} dataset group`
  if (normalisedRecordName(avro.name) !== normalisedRecordName(rules.recordName))
    problems.unshift({
      path: ["name"],
      message: `the record name must match the dataset type: "${rules.recordName}" (got "${avro.name}")`
    })
  const reservedByName = new Map([...rules.required, ...rules.reserved].map((f) => [f.name, f]))
  let metadata = 0
  let textual = 0
  for (const [i, f] of avro.fields.entries()) {
    const at = ["fields", i] as const
    const type = fieldType(f.type)
    const reserved = reservedByName.get(f.name)
    if (reserved !== undefined) {
      if (type.ok && (!reserved.types.some((t) => t === type.primitive) || (type.nullable && !reserved.nullable)))
        problems.push({ path: [...at, "type"], message: `${f.name} must be ${describeTypes(reserved)} in ${where}` })
      if (reserved.categorical === "required" && f.categorical !== true)
        problems.push({ path: [...at], message: `${f.name} is a reserved categorical field: add "categorical": true` })
      if (reserved.categorical === "forbidden" && f.categorical === true)
        problems.push({
          path: [...at, "categorical"],
          message: `${f.name} is a reserved field that cannot be categorical`
        })
      if (reserved.textual === true && f.textual !== true)
        problems.push({ path: [...at], message: `${f.name} is a reserved textual field: add "textual": true` })
    } else metadata++
    if (f.textual === true) {
      textual++
      if (rules.maxTextualFields === 0)
        problems.push({ path: [...at, "textual"], message: `textual fields are allowed only in an Items dataset` })
    }
  }
  for (const required of rules.required)
    if (!avro.fields.some((f) => f.name === required.name))
      problems.push({
        path: ["fields"],
        message: `missing required field ${required.name} (${describeTypes(required)}) for ${where}`
      })
  if (metadata < rules.minMetadataFields)
    problems.push({
      path: ["fields"],
      message: `${where} needs at least ${rules.minMetadataFields} metadata field besides ${rules.required.map((f) => f.name).join(", ")}`
    })
  if (rules.maxMetadataFields !== undefined && metadata > rules.maxMetadataFields)
    problems.push({
      path: ["fields"],
      message: `${where} allows at most ${rules.maxMetadataFields} metadata fields (got ${metadata})`
    })
  if (rules.maxTextualFields > 0 && textual > rules.maxTextualFields)
    problems.push({
      path: ["fields"],
      message: `${where} allows at most ${rules.maxTextualFields} textual field (got ${textual})`
    })
  return problems
}

/** The decoded Avro document as the Deployment's typed schema. */
export const toAvroSchema = (avro: AvroSchemaDocument): AvroSchema => ({
  type: "record",
  name: avro.name,
  ...(avro.namespace === undefined ? {} : { namespace: avro.namespace }),
  fields: avro.fields.map(
    (f): AvroField => ({
      name: f.name,
      type: f.type as AvroField["type"],
      ...(f.categorical === undefined ? {} : { categorical: f.categorical }),
      ...(f.textual === undefined ? {} : { textual: f.textual }),
      ...(f.default === undefined ? {} : { default: f.default })
    })
  ),
  ...(avro.version === undefined ? {} : { version: avro.version })
})
