/**
 * Where JSON text stops being valid. V8's parse errors give a position only for some mistakes
 * ("Unexpected token ']', "[1,]" is not valid JSON" has none), so the CLI finds it itself.
 * Returns the offset of the first offending character (the text length when the input ends early).
 */
export const jsonErrorOffset = (text: string): number => {
  let i = 0
  const fail = (at = i): never => {
    throw at
  }
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++
  }
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail()
      i++
    }
  }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i)
      if (ch < 0x20) fail()
      if (text[i] === "\\") {
        i++
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail(i + k)
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x") || i >= text.length) fail()
      }
      i++
    }
    if (i >= text.length) fail()
    i++
  }
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (match === null || match[0] === "-" || match[0] === "") fail()
    i += match![0].length
  }
  const value = (): void => {
    space()
    const ch = text[i]
    if (ch === "{") {
      i++
      space()
      if (text[i] === "}") {
        i++
        return
      }
      for (;;) {
        space()
        if (text[i] !== '"') fail()
        string()
        space()
        if (text[i] !== ":") fail()
        i++
        value()
        space()
        if (text[i] === ",") i++
        else if (text[i] === "}") {
          i++
          return
        } else fail()
      }
    }
    if (ch === "[") {
      i++
      space()
      if (text[i] === "]") {
        i++
        return
      }
      for (;;) {
        value()
        space()
        if (text[i] === ",") i++
        else if (text[i] === "]") {
          i++
          return
        } else fail()
      }
    }
    if (ch === '"') string()
    else if (ch === "t") literal("true")
    else if (ch === "f") literal("false")
    else if (ch === "n") literal("null")
    else number()
  }
  try {
    value()
    space()
    if (i < text.length) fail()
    return text.length
  } catch (offset) {
    return Math.min(offset as number, text.length)
  }
}
