import { describe, expect, it } from "vitest"
import {
  type FilterableField,
  type FilterDataset,
  filterableFields,
  filterExpressionProblem,
  parseFilterExpression
} from "../../src/personalize/index.ts"

/** The 1-based position of `part` in `text` (its first occurrence after `from`), as the messages name it. */
const at = (text: string, part: string, from = 0) => text.indexOf(part, from) + 1

describe("parseFilterExpression: what a filter names", () => {
  it("an item filter of two expressions: its targets, fields (IN lists are not numeric) and $PARAMETERs", () => {
    const text =
      'INCLUDE ItemID WHERE Items.GENRE IN ("comedy", $GENRE) | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("click")'
    expect(parseFilterExpression(text)).toEqual({
      targets: ["ItemID", "ItemID"],
      fields: [
        { dataset: "Items", field: "GENRE", numeric: false },
        { dataset: "Interactions", field: "EVENT_TYPE", numeric: false }
      ],
      parameters: ["GENRE"]
    })
  })

  it("keywords, targets and dataset names are case-insensitive and come back in AWS's spelling; fields keep theirs", () => {
    expect(parseFilterExpression('include itemid where items.genre in ("a") and ITEMS.Mood not in ($m)')).toEqual({
      targets: ["ItemID"],
      fields: [
        { dataset: "Items", field: "genre", numeric: false },
        { dataset: "Items", field: "Mood", numeric: false }
      ],
      parameters: ["m"]
    })
  })

  it("every comparison operator takes a number, a $PARAMETER or CurrentItem.FIELD, and marks the field numeric", () => {
    for (const op of ["=", "!=", "<", "<=", ">", ">="]) {
      const text = `EXCLUDE ItemID WHERE Items.PRICE ${op} 10.5 OR Items.AGE${op}-3 AND Items.RANK ${op} $MAX OR Items.X ${op} CurrentItem.X`
      expect(parseFilterExpression(text), op).toEqual({
        targets: ["ItemID"],
        fields: ["PRICE", "AGE", "RANK", "X"].map((field) => ({ dataset: "Items", field, numeric: true })),
        parameters: ["MAX"]
      })
    }
  })

  it('an IN list takes double- and single-quoted strings (with escapes), "*", $PARAMETERs and CurrentItem.FIELD', () => {
    const text = `INCLUDE ItemID WHERE Items.GENRE IN ("a \\"b\\"", 'c\\'d', *, $P1, CurrentItem.GENRE, $p_2)`
    expect(parseFilterExpression(text)).toEqual({
      targets: ["ItemID"],
      fields: [{ dataset: "Items", field: "GENRE", numeric: false }],
      parameters: ["P1", "p_2"]
    })
  })

  it("whitespace of any kind separates tokens, and none is needed around punctuation", () => {
    expect(
      parseFilterExpression('\tINCLUDE\nItemID  WHERE\r\nItems.GENRE IN("x","y")|EXCLUDE ItemID WHERE Items.A IN(*)')
    ).toEqual({
      targets: ["ItemID", "ItemID"],
      fields: [
        { dataset: "Items", field: "GENRE", numeric: false },
        { dataset: "Items", field: "A", numeric: false }
      ],
      parameters: []
    })
  })

  it("IF CurrentUser conditions of an item filter name Users fields, chained with AND", () => {
    const text = 'INCLUDE ItemID WHERE Items.GENRE IN ($G) IF CurrentUser.AGE > 18 AND CurrentUser.TIER IN ("gold")'
    expect(parseFilterExpression(text)).toEqual({
      targets: ["ItemID"],
      fields: [
        { dataset: "Items", field: "GENRE", numeric: false },
        { dataset: "Users", field: "AGE", numeric: true },
        { dataset: "Users", field: "TIER", numeric: false }
      ],
      parameters: ["G"]
    })
  })

  it("each target has its own datasets: users by Users, Interactions or Items; actions by Actions or Action_Interactions", () => {
    for (const ds of ["Users", "Interactions", "Items"])
      expect(parseFilterExpression(`EXCLUDE UserID WHERE ${ds}.F IN ("x")`)).toMatchObject({
        targets: ["UserID"],
        fields: [{ dataset: ds, field: "F" }]
      })
    for (const ds of ["Actions", "Action_Interactions"])
      expect(parseFilterExpression(`INCLUDE ActionID WHERE ${ds}.F = 1`)).toMatchObject({
        targets: ["ActionID"],
        fields: [{ dataset: ds, field: "F", numeric: true }]
      })
    expect(parseFilterExpression("INCLUDE UserID WHERE Actions.F = 1")).toBe(
      "Actions at position 22 is not a dataset a UserID filter can use (Users, Interactions, Items)"
    )
    expect(parseFilterExpression("INCLUDE ActionID WHERE Items.F = 1")).toBe(
      "Items at position 24 is not a dataset a ActionID filter can use (Actions, Action_Interactions)"
    )
    expect(parseFilterExpression("INCLUDE ItemID WHERE Users.AGE > 3")).toBe(
      "Users at position 22 is not a dataset a ItemID filter can use (Items, Interactions)"
    )
  })
})

describe("parseFilterExpression: what is refused, and where", () => {
  it("an expression of 1 to 2,500 characters", () => {
    const ok = 'INCLUDE ItemID WHERE Items.GENRE IN ("a")'
    expect(parseFilterExpression("")).toBe("a filter expression must be 1–2,500 characters (got 0)")
    expect(parseFilterExpression(ok.padEnd(2500))).toMatchObject({ targets: ["ItemID"] })
    expect(parseFilterExpression(ok.padEnd(2501))).toBe("a filter expression must be 1–2,500 characters (got 2501)")
    expect(parseFilterExpression(" ")).toBe("expected INCLUDE or EXCLUDE at the end of the expression")
  })

  it("an unknown character, by position", () => {
    expect(parseFilterExpression('INCLUDE ItemID WHERE Items.GENRE IN ("a"); ')).toBe(
      'unexpected character ";" at position 42'
    )
    expect(parseFilterExpression("INCLUDE ItemID WHERE Items.GENRE IN (#)")).toBe(
      'unexpected character "#" at position 38'
    )
    expect(parseFilterExpression('INCLUDE ItemID WHERE Items.GENRE IN ("open')).toBe(
      'unexpected character """ at position 38'
    )
  })

  it.each([
    ["SELECT ItemID WHERE Items.A IN ('x')", 'expected INCLUDE or EXCLUDE at position 1, found "SELECT"'],
    ["INCLUDE Foo WHERE Items.A IN ('x')", 'expected ItemID, UserID or ActionID at position 9, found "Foo"'],
    ["INCLUDE ItemID", "expected WHERE at the end of the expression"],
    ["INCLUDE ItemID Items.A IN ('x')", 'expected WHERE at position 16, found "Items"'],
    ["INCLUDE ItemID WHERE 5", 'expected Dataset.FIELD at position 22, found "5"'],
    ["INCLUDE ItemID WHERE Items", 'expected "." after Items at the end of the expression'],
    ["INCLUDE ItemID WHERE Items GENRE", 'expected "." after Items at position 28, found "GENRE"'],
    ["INCLUDE ItemID WHERE Items.", "expected a field name after Items. at the end of the expression"],
    ["INCLUDE ItemID WHERE Items.(", 'expected a field name after Items. at position 28, found "("'],
    [
      "INCLUDE ItemID WHERE Items.A LIKE ('x')",
      'expected IN, NOT IN or a comparison (=, !=, <, <=, >, >=) at position 30, found "LIKE"'
    ],
    [
      "INCLUDE ItemID WHERE Items.A",
      "expected IN, NOT IN or a comparison (=, !=, <, <=, >, >=) at the end of the expression"
    ],
    ["INCLUDE ItemID WHERE Items.A NOT ('x')", 'expected IN at position 34, found "("'],
    ["INCLUDE ItemID WHERE Items.A IN 'x'", 'expected "(" after IN at position 33, found "\'x\'"'],
    ["INCLUDE ItemID WHERE Items.A IN ('x' 'y')", 'expected "," or ")" at position 38, found "\'y\'"'],
    [
      "INCLUDE ItemID WHERE Items.A IN ('x',",
      'expected a quoted string, a $PARAMETER or "*" at the end of the expression'
    ],
    ["INCLUDE ItemID WHERE Items.A IN (5)", 'expected a quoted string, a $PARAMETER or "*" at position 34, found "5"'],
    [
      "INCLUDE ItemID WHERE Items.A IN (currentitem.A)",
      'expected a quoted string, a $PARAMETER or "*" at position 34, found "currentitem"'
    ],
    ["INCLUDE ItemID WHERE Items.A IN (CurrentItem)", 'expected "." after CurrentItem at position 45, found ")"'],
    ["INCLUDE ItemID WHERE Items.A > *", 'expected a number or a $PARAMETER at position 32, found "*"'],
    ["INCLUDE ItemID WHERE Items.A > 'x'", "expected a number or a $PARAMETER at position 32, found \"'x'\""],
    ["INCLUDE ItemID WHERE Items.A IN ('x') EXTRA", 'expected "|", AND, OR or IF at position 39, found "EXTRA"'],
    ["INCLUDE ItemID WHERE Items.A IN ('x') |", "expected INCLUDE or EXCLUDE at the end of the expression"],
    [
      "INCLUDE ItemID WHERE Items.A IN ('x') AND IF CurrentUser.B = 1",
      'expected a condition at position 43, found "IF"'
    ],
    [
      "INCLUDE ItemID WHERE Items.A IN ('x') IF CurrentUser.B = 1 OR CurrentUser.C = 2",
      'expected "|", AND, OR or IF at position 60, found "OR"'
    ]
  ])("%s", (text, message) => {
    expect(parseFilterExpression(text)).toBe(message)
  })

  it("conditions chained with AND/OR keep the dataset of the first", () => {
    const text = "INCLUDE ItemID WHERE Items.A IN ('x') OR Interactions.B IN ('y')"
    expect(parseFilterExpression(text)).toBe(
      `conditions chained with AND/OR must use the dataset of the first (Items), found Interactions at position ${at(text, "Interactions")}`
    )
  })

  it("IF tests CurrentUser (spelled so), only in item filters", () => {
    expect(parseFilterExpression("INCLUDE ItemID WHERE Items.A IN ('x') IF Items.B = 1")).toBe(
      "an IF condition tests CurrentUser.FIELD, found Items at position 42"
    )
    expect(parseFilterExpression("INCLUDE ItemID WHERE Items.A IN ('x') IF currentuser.B = 1")).toBe(
      "an IF condition tests CurrentUser.FIELD, found currentuser at position 42"
    )
    expect(parseFilterExpression("INCLUDE UserID WHERE Users.A IN ('x') IF CurrentUser.B = 1")).toBe(
      "IF CurrentUser conditions are only for ItemID filters"
    )
  })

  it('expressions joined by "|" filter one thing', () => {
    expect(parseFilterExpression("INCLUDE ItemID WHERE Items.A IN ('x') | INCLUDE UserID WHERE Users.B IN ('y')")).toBe(
      'expressions combined with "|" must filter the same thing (found ItemID and UserID)'
    )
  })
})

describe("filterableFields and filterExpressionProblem", () => {
  it("a schema's fields as filters see them: a type or a union of types", () => {
    expect(
      filterableFields({
        fields: [
          { name: "GENRE", type: "string" },
          { name: "PRICE", type: ["null", "float"] }
        ]
      })
    ).toEqual([
      { name: "GENRE", types: ["string"] },
      { name: "PRICE", types: ["null", "float"] }
    ])
  })

  const schemas: Partial<Record<FilterDataset, ReadonlyArray<FilterableField>>> = {
    Items: [
      { name: "GENRE", types: ["string"] },
      { name: "PRICE", types: ["null", "float"] },
      { name: "FLAG", types: ["null", "boolean"] }
    ],
    Interactions: [{ name: "EVENT_TYPE", types: ["string"] }]
  }
  const problem = (text: string) => filterExpressionProblem(text, (ds) => schemas[ds])

  it("a filter whose every field exists (names compared case-insensitively) and is not boolean is fine", () => {
    expect(problem("INCLUDE ItemID WHERE Items.genre IN ($G) AND Items.PRICE < 10")).toBeUndefined()
    expect(problem("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ('click')")).toBeUndefined()
  })

  it("names the first problem among every field it uses, after the grammar's", () => {
    expect(problem("INCLUDE ItemID WHERE")).toBe("expected Dataset.FIELD at the end of the expression")
    expect(problem("INCLUDE ItemID WHERE Items.GENRE IN ('a') AND Items.COLOR IN ('b')")).toBe(
      "Items.COLOR is not a field of the Items dataset (fields: GENRE, PRICE, FLAG)"
    )
    expect(problem("INCLUDE ItemID WHERE Items.GENRE IN ('a') IF CurrentUser.AGE > 3")).toBe(
      "the filter uses Users.AGE, but the dataset group has no Users dataset"
    )
    expect(problem("INCLUDE ItemID WHERE Items.PRICE > 1 AND Items.flag = 1")).toBe(
      'Items.flag is boolean: filters cannot use boolean fields (use a string "True"/"False" or an int 0/1)'
    )
  })
})
