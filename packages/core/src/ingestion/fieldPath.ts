/**
 * A path into a JSON document, pre-split: `properties.sku` → `["properties", "sku"]`. The segment
 * `[*]` stands for "each element of the array here": `properties.products[*].product_id` →
 * `["properties", "products", "[*]", "product_id"]`.
 */
export type FieldPath = ReadonlyArray<string>

/** The segment that addresses every element of an array. */
export const eachElement = "[*]"

/** Splits `properties.products[*].sku` into its segments. */
export const parseFieldPath = (text: string): FieldPath =>
  text
    .split(".")
    .flatMap((part) => (part.endsWith(eachElement) ? [part.slice(0, -eachElement.length), eachElement] : [part]))

/** `properties.products[*].sku` back from its segments. */
export const showFieldPath = (path: FieldPath): string =>
  path.reduce(
    (text, segment, i) => (i === 0 ? segment : segment === eachElement ? `${text}${segment}` : `${text}.${segment}`),
    ""
  )

/** The segments before the path's `[*]` (the array it iterates), or undefined for a plain path. */
export const arrayOf = (path: FieldPath): FieldPath | undefined => {
  const i = path.indexOf(eachElement)
  return i < 0 ? undefined : path.slice(0, i)
}

/**
 * The value at `path`, or undefined when any step is missing or not an object. A `[*]` step takes
 * element `element` of the array there; without an element, a `[*]` path has no value.
 */
export const valueAt = (root: unknown, path: FieldPath, element?: number): unknown => {
  let here = root
  for (const key of path) {
    if (key === eachElement) {
      if (element === undefined || !Array.isArray(here)) return undefined
      here = here[element]
      continue
    }
    if (typeof here !== "object" || here === null || Array.isArray(here)) return undefined
    here = (here as Record<string, unknown>)[key]
  }
  return here
}

/** The first path (in order) whose value is present (not undefined, not null), with that path. */
export const firstPresent = (
  root: unknown,
  paths: ReadonlyArray<FieldPath>,
  element?: number
): { readonly path: FieldPath; readonly value: unknown } | undefined => {
  for (const path of paths) {
    const value = valueAt(root, path, element)
    if (value !== undefined && value !== null) return { path, value }
  }
  return undefined
}

/** `properties.products[1].sku`: a `[*]` path shown for one element. */
export const showElementPath = (path: FieldPath, element: number | undefined): string =>
  element === undefined ? showFieldPath(path) : showFieldPath(path).replace(eachElement, `[${element}]`)
