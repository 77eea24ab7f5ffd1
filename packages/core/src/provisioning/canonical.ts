/** JSON with sorted object keys, so two equal configs compare equal whatever their key order. */
export const canonicalJson = (value: unknown): string =>
  // A plain value (most compared fields: names, ARNs, numbers) has no keys to sort.
  (value === null || typeof value !== "object" ? JSON.stringify(value) : JSON.stringify(value, sortedKeys)) ?? "null"

const sortedKeys = (_key: string, v: unknown): unknown =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v

/**
 * Whether two values have the same canonical JSON. Strings, booleans and finite numbers (most compared
 * fields) are equal in JSON exactly when they are equal: compared without serializing them.
 */
export const sameJson = (a: unknown, b: unknown): boolean => {
  const type = typeof a
  if (type === typeof b) {
    if (type === "string" || type === "boolean") return a === b
    if (type === "number" && Number.isFinite(a) && Number.isFinite(b)) return a === b
  }
  return canonicalJson(a) === canonicalJson(b)
}

/** The Avro schema text as comparable JSON (the service returns it as a string). */
export const canonicalSchema = (schema: unknown): string => {
  if (typeof schema !== "string") return canonicalJson(schema)
  try {
    return canonicalJson(JSON.parse(schema))
  } catch {
    return schema
  }
}

/** Whether every key of `desired` has the same value in `observed` (services add their own defaults). */
export const subsetEqual = (desired: unknown, observed: unknown): boolean => {
  if (desired === undefined) return true
  if (desired === null || typeof desired !== "object" || Array.isArray(desired)) return sameJson(desired, observed)
  if (observed === null || typeof observed !== "object") return false
  const o = observed as Record<string, unknown>
  return Object.entries(desired as Record<string, unknown>).every(([k, v]) => subsetEqual(v, o[k]))
}

/**
 * The comparable value of an observed attribute (schemas are compared as canonical JSON). `absent` is
 * what the service means when it leaves the field out (a boolean flag it did not echo, say).
 */
export const observedValue = (
  field: string,
  attributes: { readonly [key: string]: unknown },
  absent?: unknown
): unknown => {
  const v = attributes[field]
  if (field === "schema") return canonicalSchema(v)
  return v === undefined || v === null ? (absent ?? null) : v
}

/** Whether a desired field's value differs from the observed one (subset fields compare only the keys set). */
export const fieldDiffers = (want: { readonly value: unknown; readonly subset?: boolean }, have: unknown): boolean =>
  want.subset === true ? !subsetEqual(want.value, have) : !sameJson(want.value ?? null, have)
