/**
 * How deep outside JSON may nest (objects and arrays counted). Recursive code (Schema decoding,
 * `JSON.stringify`, structural equality) overflows the stack a few thousand levels down; no input of
 * ours nests beyond a dozen, so anything deeper is refused up front with an issue naming where.
 */
export const maxJsonDepth = 64

interface Frame {
  readonly value: unknown
  readonly depth: number
  readonly parent: Frame | undefined
  readonly key: string | number | undefined
}

const pathOf = (frame: Frame): ReadonlyArray<string | number> => {
  const segments: Array<string | number> = []
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) segments.push(f.key)
  return segments.reverse()
}

/**
 * Where `value` first nests deeper than `max` levels (the path to the first container past the limit),
 * or undefined when it does not. Iterative, so it is safe on input of any depth.
 */
export const tooDeepAt = (value: unknown, max: number = maxJsonDepth): ReadonlyArray<string | number> | undefined => {
  const stack: Array<Frame> = [{ value, depth: 0, parent: undefined, key: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop() as Frame
    const v = frame.value
    if (typeof v !== "object" || v === null) continue
    const depth = frame.depth + 1
    if (depth > max) return pathOf(frame)
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, key: i })
    } else {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string
        stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: frame, key })
      }
    }
  }
  return undefined
}

const hasToJson = (v: unknown): v is { toJSON: () => unknown } =>
  typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function"

type Token = { readonly text: string } | { readonly value: unknown; readonly inArray: boolean }

/**
 * `JSON.stringify` for a JSON value of any depth (iterative; no stack overflow): what a dead letter
 * keeps of an event it could not decode. Same output as `JSON.stringify` for values `JSON.parse` returns;
 * `undefined` members are left out of objects and written `null` in arrays, as `JSON.stringify` does.
 */
export const stringifyJson = (value: unknown): string => {
  const out: Array<string> = []
  const todo: Array<Token> = [{ value, inArray: true }]
  while (todo.length > 0) {
    const t = todo.pop() as Token
    if ("text" in t) {
      out.push(t.text)
      continue
    }
    const v = hasToJson(t.value) ? t.value.toJSON() : t.value
    if (Array.isArray(v)) {
      todo.push({ text: "]" })
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push({ value: v[i], inArray: true })
        if (i > 0) todo.push({ text: "," })
      }
      out.push("[")
    } else if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v).filter(([, m]) => m !== undefined && typeof m !== "function")
      todo.push({ text: "}" })
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, m] = entries[i] as [string, unknown]
        todo.push({ value: m, inArray: false })
        todo.push({ text: `${JSON.stringify(k)}:` })
        if (i > 0) todo.push({ text: "," })
      }
      out.push("{")
    } else {
      out.push(JSON.stringify(v) ?? "null")
    }
  }
  return out.join("")
}
