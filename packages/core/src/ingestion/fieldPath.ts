/** A dot-separated path into a JSON document, pre-split: `properties.sku` → `["properties", "sku"]`. */
export type FieldPath = ReadonlyArray<string>

/** Splits `properties.sku` into its segments. */
export const parseFieldPath = (text: string): FieldPath => text.split(".")

/** `properties.sku` back from its segments. */
export const showFieldPath = (path: FieldPath): string => path.join(".")

/** The value at `path`, or undefined when any step is missing or not an object. */
export const valueAt = (root: unknown, path: FieldPath): unknown => {
  let here = root
  for (const key of path) {
    if (typeof here !== "object" || here === null || Array.isArray(here)) return undefined
    here = (here as Record<string, unknown>)[key]
  }
  return here
}

/** The first path (in order) whose value is present (not undefined, not null), with that path. */
export const firstPresent = (
  root: unknown,
  paths: ReadonlyArray<FieldPath>
): { readonly path: FieldPath; readonly value: unknown } | undefined => {
  for (const path of paths) {
    const value = valueAt(root, path)
    if (value !== undefined && value !== null) return { path, value }
  }
  return undefined
}
