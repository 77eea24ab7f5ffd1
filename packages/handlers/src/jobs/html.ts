/** Markup that is already safe: only `html` and `rawHtml` make one. */
export interface SafeHtml {
  readonly _tag: "SafeHtml"
  readonly value: string
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c] ?? c)

/** Wraps markup that is known to be safe (constant strings, never job data). */
export const rawHtml = (value: string): SafeHtml => ({ _tag: "SafeHtml", value })

const isSafe = (v: unknown): v is SafeHtml =>
  typeof v === "object" && v !== null && (v as { _tag?: unknown })._tag === "SafeHtml"

const render = (v: unknown): string => {
  if (v === undefined || v === null || v === false) return ""
  if (isSafe(v)) return v.value
  if (Array.isArray(v)) return v.map(render).join("")
  return escapeHtml(String(v))
}

/**
 * The only way pages build markup: every interpolated value is HTML-escaped unless it is itself
 * `SafeHtml`, so job names, reasons and raw events (all user-controlled) are always shown as text.
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<unknown>): SafeHtml =>
  rawHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ""), ""))
