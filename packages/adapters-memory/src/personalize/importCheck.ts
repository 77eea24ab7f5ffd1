import type { Config } from "@personalize-ops/core"
import { parseCsv } from "./csv.ts"

/**
 * What the twin learns from a successful import: enough to apply the training minimums later
 * (aws-facts §3.2) with the solution's eventType filter.
 */
export interface ImportedData {
  readonly records: number
  /** Interactions only: one entry per row, user id and event type (empty when no EVENT_TYPE column). */
  readonly interactions?: ReadonlyArray<readonly [user: string, eventType: string]>
}

export type ImportCheck =
  | { readonly _tag: "Ok"; readonly data: ImportedData }
  | { readonly _tag: "Failed"; readonly failureReason: string }

/** Minimum records in one dataset import job (aws-facts §3.2). */
export const minimumRecordsPerImport = 1000

type Primitive = "string" | "int" | "long" | "float" | "double" | "boolean" | "null"

const typesOf = (field: Config.AvroField): ReadonlyArray<string> =>
  typeof field.type === "string" ? [field.type] : field.type

const integer = /^-?\d+$/
const decimal = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const fits = (value: string, type: Primitive): boolean => {
  switch (type) {
    case "string":
      return true
    case "int":
    case "long":
      return integer.test(value)
    case "float":
    case "double":
      return decimal.test(value)
    case "boolean":
      return value === "true" || value === "false"
    case "null":
      return value === ""
  }
}

/**
 * Checks CSV files against a dataset's Avro schema the way an import job does: the header must name
 * exactly the schema's fields (order is free: Personalize maps columns by header name), every value
 * must fit its field's type, and the job must hold at least 1,000 records.
 */
export const checkImport = (
  files: ReadonlyArray<{ readonly name: string; readonly text: string }>,
  schema: Config.AvroSchema,
  datasetType: Config.DatasetType
): ImportCheck => {
  const fields = new Map(schema.fields.map((f) => [f.name.toUpperCase(), f]))
  const interactions: Array<readonly [string, string]> = []
  const isInteractions = datasetType === "Interactions"
  let records = 0
  const failed = (failureReason: string): ImportCheck => ({ _tag: "Failed", failureReason })
  for (const file of files) {
    const parsed = parseCsv(file.text)
    if (parsed._tag === "Malformed") {
      const { line, column, message } = parsed.error
      return failed(`Input CSV ${file.name} line ${line} column ${column}: ${message}`)
    }
    const [head, ...rows] = parsed.records
    const header = (head?.fields ?? []).map((h) => h.trim().toUpperCase())
    const missing = [...fields.entries()]
      .filter(([name, f]) => !header.includes(name) && !typesOf(f).includes("null"))
      .map(([name]) => name)
    if (missing.length > 0)
      return failed(`Input CSV ${file.name} is missing the following columns: [${missing.join(", ")}]`)
    const unknown = header.filter((h) => !fields.has(h))
    if (unknown.length > 0)
      return failed(`Input CSV ${file.name} has columns not in the schema: [${unknown.join(", ")}]`)
    const columns = header.map((h) => {
      const f = fields.get(h) as Config.AvroField
      return { name: h, types: typesOf(f) as ReadonlyArray<Primitive> }
    })
    const userColumn = header.indexOf("USER_ID")
    const eventColumn = header.indexOf("EVENT_TYPE")
    for (const row of rows) {
      const values = row.fields
      if (values.length !== columns.length) {
        const [line, column] = row.starts[Math.min(values.length, columns.length)] ?? row.starts.at(-1) ?? [row.line, 1]
        return failed(
          `Input CSV ${file.name} line ${line} column ${column}: the row has ${values.length} fields; the header has ${columns.length}`
        )
      }
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c] as { name: string; types: ReadonlyArray<Primitive> }
        const value = values[c] as string
        const [line, col] = row.starts[c] as readonly [number, number]
        const at = `Input CSV ${file.name} line ${line} column ${col}`
        if (value === "" && !column.types.includes("null") && !column.types.includes("string"))
          return failed(
            `${at}: ${column.name} is empty, but its type ${column.types.join("|")} is not nullable (use ["null", "${column.types[0]}"])`
          )
        if (!column.types.some((t) => fits(value, t)))
          return failed(`${at}: value "${value}" of ${column.name} is not a valid ${column.types.join("|")}`)
      }
      records++
      if (isInteractions)
        interactions.push([values[userColumn] ?? "", eventColumn < 0 ? "" : (values[eventColumn] ?? "")])
    }
  }
  if (records < minimumRecordsPerImport)
    return {
      _tag: "Failed",
      failureReason: `Create failed. The import has ${records} records; a dataset import job needs at least ${minimumRecordsPerImport}.`
    }
  return { _tag: "Ok", data: isInteractions ? { records, interactions } : { records } }
}

/** aws-facts §3.2 training minimums, checked when a solution version or recommender trains. */
export const trainingProblem = (
  interactions: ReadonlyArray<readonly [string, string]> | undefined,
  eventType: string | undefined
): string | undefined => {
  if (interactions === undefined) return undefined
  const perUser = new Map<string, number>()
  let count = 0
  for (const [user, type] of interactions) {
    if (eventType !== undefined && type !== eventType) continue
    count++
    perUser.set(user, (perUser.get(user) ?? 0) + 1)
  }
  if (count < 1000)
    return eventType === undefined
      ? "Create failed. Dataset has fewer than 1000 interactions."
      : `Dataset has fewer than 1000 interactions after filtering by event type: ${eventType}`
  let usersWithTwo = 0
  for (const n of perUser.values()) if (n >= 2) usersWithTwo++
  if (usersWithTwo < 25) return "Create failed. Dataset has fewer than 25 users with at least 2 interactions each."
  if (usersWithTwo * 100 < perUser.size)
    return "Create failed. Fewer than 1% of users have at least 2 interactions each."
  return undefined
}
