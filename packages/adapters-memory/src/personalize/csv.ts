/** One CSV record: its fields, and the line (1-based) and column of each field's first character. */
interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
  /** Per field: the 1-based line and column where it starts (a quoted field may span lines). */
  readonly starts: ReadonlyArray<readonly [line: number, column: number]>
}

/** A malformed CSV: where the parser stopped and why. */
interface CsvError {
  readonly line: number
  readonly column: number
  readonly message: string
}

export type CsvParse =
  | { readonly _tag: "Records"; readonly records: ReadonlyArray<CsvRecord> }
  | { readonly _tag: "Malformed"; readonly error: CsvError }

/**
 * Parses CSV text as RFC 4180 (what Personalize import jobs read): comma-separated fields, double-quoted
 * fields that may hold commas, quotes (doubled) and line breaks, LF or CRLF record ends, a leading UTF-8
 * BOM ignored. A blank line is no record. A quote inside an unquoted field, text after a closing quote
 * and an unterminated quote are errors with their line and column.
 */
export const parseCsv = (input: string): CsvParse => {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const records: Array<CsvRecord> = []
  let fields: Array<string> = []
  let starts: Array<readonly [number, number]> = []
  let line = 1
  let lineStart = 0
  let recordLine = 1
  let i = 0
  const n = text.length
  const malformed = (at: number, message: string): CsvParse => ({
    _tag: "Malformed",
    error: { line, column: at - lineStart + 1, message }
  })
  // A blank line is one empty unquoted field: not a record.
  let blank = false
  const endRecord = () => {
    if (!(blank && fields.length === 1)) records.push({ line: recordLine, fields, starts })
    fields = []
    starts = []
  }
  while (i <= n) {
    // Start of a field.
    const fieldLine = line
    const fieldColumn = i - lineStart + 1
    if (fields.length === 0) recordLine = line
    let value: string
    let quoted = false
    if (i < n && text.charCodeAt(i) === 34) {
      quoted = true
      const open = i
      const openLine = line
      const openLineStart = lineStart
      let out = ""
      let from = ++i
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) {
          line = openLine
          lineStart = openLineStart
          return malformed(open, "a quoted field is never closed")
        }
        // Count the line breaks inside the quoted part, for the positions after it.
        for (let k = text.indexOf("\n", i); k >= 0 && k < q; k = text.indexOf("\n", k + 1)) {
          line++
          lineStart = k + 1
        }
        if (text.charCodeAt(q + 1) === 34) {
          out += text.slice(from, q + 1)
          i = q + 2
          from = i
          continue
        }
        out += text.slice(from, q)
        i = q + 1
        break
      }
      value = out
      const c = text.charCodeAt(i)
      if (i < n && c !== 44 && c !== 10 && c !== 13) return malformed(i, "text after a closing quote")
    } else {
      let j = i
      while (j < n) {
        const c = text.charCodeAt(j)
        if (c === 44 || c === 10 || c === 13) break
        if (c === 34) return malformed(j, 'a quote inside an unquoted field (quote the whole field and double the ")')
        j++
      }
      value = text.slice(i, j)
      i = j
    }
    fields.push(value)
    starts.push([fieldLine, fieldColumn])
    blank = !quoted && fields.length === 1 && value === ""
    if (i >= n) {
      endRecord()
      break
    }
    const c = text.charCodeAt(i)
    if (c === 44) {
      i++
      blank = false
      if (i === n) {
        fields.push("")
        starts.push([line, i - lineStart + 1])
        endRecord()
        break
      }
      continue
    }
    // A record end: \n, \r\n or a lone \r.
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1
    endRecord()
    line++
    lineStart = i
    if (i === n) break
  }
  return { _tag: "Records", records }
}
