import { Result } from "effect"
import { type FieldPath, firstPresent, showElementPath, valueAt } from "./fieldPath.ts"
import { type DatasetKind, PutRecordsLimits as L } from "./limits.ts"
import type { DatasetPropertyRules, MappingRules } from "./MappingRules.ts"
import { idText } from "./mapSegmentEvent.ts"

/** A property value as the Users/Items datasets take it (a list is already joined with `|`). */
export type DatasetValue = string | number | boolean

/** One Users or Items record read from an event, before batching. */
export interface DatasetRecord {
  readonly id: string
  readonly properties: Readonly<Record<string, DatasetValue>>
  /** Properties left out because they cannot be stored (a joined list over 1,000 characters). */
  readonly dropped: ReadonlyArray<string>
}

/**
 * What one event gives the Users and Items datasets: records (none when the rules do not apply), or
 * why it is invalid. `skipped` says why an event the rules apply to still gave no record.
 */
export type DatasetMapResult =
  | {
      readonly _tag: "Records"
      readonly users: ReadonlyArray<DatasetRecord>
      readonly items: ReadonlyArray<DatasetRecord>
      readonly skipped?: string
    }
  | { readonly _tag: "Invalid"; readonly reason: string }

const none: DatasetMapResult = { _tag: "Records", users: [], items: [] }

/** A value for a dataset field: scalars as they are, a list of scalars joined as a categorical value. */
const datasetValue = (value: unknown): Result.Result<{ readonly value?: DatasetValue }, string> => {
  if (typeof value === "string" || typeof value === "boolean") return Result.succeed({ value })
  if (typeof value === "number")
    return Number.isFinite(value) ? Result.succeed({ value }) : Result.fail("must be a finite number")
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v))))
      return Result.fail("must be a list of strings or numbers")
    const joined = value.map(String).join(L.categoricalSeparator)
    // Too long for a categorical value: dropped (and named), like an oversized event property.
    return Result.succeed(joined.length > L.categoricalChars.max || joined === "" ? {} : { value: joined })
  }
  return Result.fail("must be a string, number, boolean or a list of them")
}

const propertiesAt = (
  raw: unknown,
  rules: DatasetPropertyRules,
  kind: DatasetKind,
  element: number | undefined
): Result.Result<{ readonly properties: Record<string, DatasetValue>; readonly dropped: Array<string> }, string> => {
  const properties: Record<string, DatasetValue> = {}
  const dropped: Array<string> = []
  for (const [name, paths] of rules) {
    const found = firstPresent(raw, paths, element)
    if (found === undefined) continue
    const v = datasetValue(found.value)
    if (Result.isFailure(v))
      return Result.fail(`${kind}.properties.${name}: ${showElementPath(found.path, element)} ${v.failure}`)
    if (v.success.value === undefined) dropped.push(name)
    else properties[name] = v.success.value
  }
  return Result.succeed({ properties, dropped })
}

const idAt = (raw: unknown, paths: ReadonlyArray<FieldPath>, where: string, element?: number) => {
  const found = firstPresent(raw, paths, element)
  return found === undefined
    ? Result.succeed(undefined)
    : idText(found.value, `${where}: ${showElementPath(found.path, element)}`, L.users.idLength.max)
}

/**
 * Reads the Users and Items records of one parsed Segment event under `rules`: an `identify` event
 * gives its user (when `rules.users` is set), a track event listed in `rules.items.events` gives one
 * item per product (or one for a single-product event), each with the mapped properties.
 */
export const mapDatasetRecords = (rules: MappingRules, input: unknown): DatasetMapResult => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return none
  const raw = input as Record<string, unknown>
  if (raw.type === "identify" && rules.users !== undefined) {
    const userId = idAt(raw, rules.users.userId, "users.userId")
    if (Result.isFailure(userId)) return { _tag: "Invalid", reason: userId.failure }
    if (userId.success === undefined)
      return { ...none, skipped: "identify without a user id (an anonymous visitor): no user to update" }
    const props = propertiesAt(raw, rules.users.properties, "users", undefined)
    if (Result.isFailure(props)) return { _tag: "Invalid", reason: props.failure }
    if (Object.keys(props.success.properties).length === 0)
      return { ...none, skipped: "identify carries none of the mapped traits" }
    return { ...none, users: [{ id: userId.success, ...props.success }] }
  }
  const items = rules.items
  if (items === undefined || (raw.type !== undefined && raw.type !== "track")) return none
  if (typeof raw.event !== "string" || !items.events.has(raw.event)) return none
  const list = rules.elements === undefined ? undefined : valueAt(raw, rules.elements)
  const elements: ReadonlyArray<number | undefined> = Array.isArray(list) ? list.map((_, i) => i) : [undefined]
  const records: Array<DatasetRecord> = []
  for (const element of elements) {
    const itemId = idAt(raw, rules.itemId, "itemId", element)
    if (Result.isFailure(itemId)) return { _tag: "Invalid", reason: itemId.failure }
    if (itemId.success === undefined)
      return {
        _tag: "Invalid",
        reason: `itemId: missing ${rules.itemId.map((p) => showElementPath(p, element)).join(" or ")}`
      }
    const props = propertiesAt(raw, items.properties, "items", element)
    if (Result.isFailure(props)) return { _tag: "Invalid", reason: props.failure }
    if (Object.keys(props.success.properties).length > 0) records.push({ id: itemId.success, ...props.success })
  }
  return records.length === 0
    ? { ...none, skipped: `'${raw.event}' carries none of the mapped item properties` }
    : { ...none, items: records }
}
