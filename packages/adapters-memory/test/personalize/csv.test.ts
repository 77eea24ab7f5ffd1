import { describe, expect, it } from "vitest"
import { parseCsv } from "../../src/personalize/csv.ts"
import { checkImport } from "../../src/personalize/importCheck.ts"

const records = (text: string) => {
  const parsed = parseCsv(text)
  if (parsed._tag !== "Records") throw new Error(`malformed: ${JSON.stringify(parsed.error)}`)
  return parsed.records.map((r) => [r.line, ...r.fields])
}

describe("parseCsv (RFC 4180, as an import job reads it)", () => {
  it("quoted fields hold commas, doubled quotes and line breaks; line numbers follow the text", () => {
    expect(records('A,B\n"x, y","say ""hi"""\n"two\nlines",3\n4,5')).toEqual([
      [1, "A", "B"],
      [2, "x, y", 'say "hi"'],
      [3, "two\nlines", "3"],
      [5, "4", "5"]
    ])
  })

  it("a BOM is dropped, CRLF and LF both end records, blank lines are no records, empty fields stay", () => {
    expect(records("\uFEFFA,B\r\n1,\r\n\r\n,2\r\n")).toEqual([
      [1, "A", "B"],
      [2, "1", ""],
      [4, "", "2"]
    ])
    expect(records('""\n')).toEqual([[1, ""]])
    expect(records("")).toEqual([])
  })

  it("a stray quote, text after a closing quote and an unclosed quote are errors with line and column", () => {
    expect(parseCsv('A,B\n1,x"y\n')).toMatchObject({ _tag: "Malformed", error: { line: 2, column: 4 } })
    expect(parseCsv('A,B\n"1"x,2\n')).toMatchObject({ _tag: "Malformed", error: { line: 2, column: 4 } })
    expect(parseCsv('A,B\n1,2\n3,"open\nrest')).toMatchObject({
      _tag: "Malformed",
      error: { line: 3, column: 3, message: "a quoted field is never closed" }
    })
  })
})

describe("checkImport reads the data with the CSV parser", () => {
  const schema = {
    type: "record" as const,
    name: "Items",
    fields: [
      { name: "ITEM_ID", type: "string" as const },
      { name: "DESCRIPTION", type: "string" as const, textual: true },
      { name: "PRICE", type: "float" as const }
    ]
  }
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `i${i},"soft, warm\nand ""cosy""",${i}.5`)

  it("quoted commas and newlines are one field: 1,000 records, not more and not a column-count failure", () => {
    const check = checkImport(
      [{ name: "items.csv", text: ["ITEM_ID,DESCRIPTION,PRICE", ...rows(1000)].join("\r\n") }],
      schema,
      "Items"
    )
    expect(check).toEqual({ _tag: "Ok", data: { records: 1000 } })
  })

  it("the first bad row is named by its line and column", () => {
    const text = ["ITEM_ID,DESCRIPTION,PRICE", ...rows(3), 'i9,"x",cheap', ...rows(1000)].join("\n")
    expect(checkImport([{ name: "items.csv", text }], schema, "Items")).toEqual({
      _tag: "Failed",
      failureReason: 'Input CSV items.csv line 8 column 8: value "cheap" of PRICE is not a valid float'
    })
    // A malformed file (BOM, CRLF, a stray quote on line 3): the parser's line and column in the reason.
    const stray = ["\uFEFFITEM_ID,DESCRIPTION,PRICE", ...rows(1), 'i2,bad"quote,1', ...rows(1000)].join("\r\n")
    expect(checkImport([{ name: "items.csv", text: stray }], schema, "Items")).toMatchObject({
      _tag: "Failed",
      failureReason: expect.stringMatching(/^Input CSV items\.csv line 4 column 7: a quote inside an unquoted field/)
    })
    const short = ["ITEM_ID,DESCRIPTION,PRICE", "i1,only two", ...rows(1000)].join("\n")
    expect(checkImport([{ name: "items.csv", text: short }], schema, "Items")).toMatchObject({
      _tag: "Failed",
      failureReason: "Input CSV items.csv line 2 column 4: the row has 2 fields; the header has 3"
    })
  })
})
