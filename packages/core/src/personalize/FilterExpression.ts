/**
 * Amazon Personalize's filter expression language, parsed (developer guide, "Filter expression
 * structure and elements", "Combining multiple expressions"):
 *
 *   filter     := expression ("|" expression)*
 *   expression := (INCLUDE | EXCLUDE) (ItemID | ActionID | UserID) WHERE condition ((AND | OR) condition)*
 *                 [IF userCondition (AND userCondition)*]
 *   condition  := Dataset.FIELD (IN | NOT IN) "(" value ("," value)* ")"
 *               | Dataset.FIELD (= | != | < | <= | > | >=) scalar
 *   value      := "string" | $PARAMETER | CurrentItem.FIELD | *      scalar := number | $PARAMETER | CurrentItem.FIELD
 *
 * `IF` conditions test `CurrentUser.FIELD` and come once, at the end, of an item filter. Conditions
 * chained with AND/OR use the dataset of the first. The config validator and the twin both use
 * `filterExpressionProblem`, so `validate` and CreateFilter refuse the same expressions.
 */

/** The datasets a condition may name, by the thing the filter selects. */
const datasetsFor = {
  ItemID: ["Items", "Interactions"],
  UserID: ["Users", "Interactions", "Items"],
  ActionID: ["Actions", "Action_Interactions"]
} as const

type Target = keyof typeof datasetsFor
export type FilterDataset = "Items" | "Interactions" | "Users" | "Actions" | "Action_Interactions"

/** A field a filter refers to: `Items.GENRE` is { dataset: "Items", field: "GENRE" }. */
export interface FieldReference {
  readonly dataset: FilterDataset
  readonly field: string
  /** Compared with =, <, … (a number), not IN / NOT IN (strings). */
  readonly numeric: boolean
}

export interface ParsedFilter {
  readonly targets: ReadonlyArray<Target>
  readonly fields: ReadonlyArray<FieldReference>
  readonly parameters: ReadonlyArray<string>
}

type Token = {
  readonly kind: "word" | "string" | "number" | "param" | "op" | "punct"
  readonly text: string
  readonly at: number
}

const tokenize = (text: string): Array<Token> | string => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const rest = text.slice(i)
    const m =
      /^"(?:[^"\\]|\\.)*"/.exec(rest) ??
      /^'(?:[^'\\]|\\.)*'/.exec(rest) ??
      /^-?\d+(?:\.\d+)?/.exec(rest) ??
      /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(rest) ??
      /^(?:<=|>=|!=|=|<|>)/.exec(rest) ??
      /^[(),|*.]/.exec(rest) ??
      /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)
    if (m === null) return `unexpected character "${c}" at position ${i + 1}`
    const t = m[0]
    const kind: Token["kind"] = /^["']/.test(t)
      ? "string"
      : /^-?\d/.test(t)
        ? "number"
        : t.startsWith("$")
          ? "param"
          : /^[<>=!]/.test(t)
            ? "op"
            : /^[(),|*.]$/.test(t)
              ? "punct"
              : "word"
    tokens.push({ kind, text: t, at: i + 1 })
    i += t.length
  }
  return tokens
}

class FilterSyntaxError {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

/** Parses a filter expression; a string says what is wrong and where. */
export const parseFilterExpression = (text: string): ParsedFilter | string => {
  if (text.length < 1 || text.length > 2500)
    return `a filter expression must be 1–2,500 characters (got ${text.length})`
  const tokens = tokenize(text)
  if (typeof tokens === "string") return tokens
  let p = 0
  const targets: Array<Target> = []
  const fields: Array<FieldReference> = []
  const parameters: Array<string> = []
  const fail = (expected: string): never => {
    const t = tokens[p]
    throw new FilterSyntaxError(
      t === undefined
        ? `expected ${expected} at the end of the expression`
        : `expected ${expected} at position ${t.at}, found "${t.text}"`
    )
  }
  const peekWord = (word: string) => tokens[p]?.kind === "word" && tokens[p]?.text.toUpperCase() === word
  const word = (w: string) => {
    if (!peekWord(w)) return false
    p++
    return true
  }
  const expectWord = (w: string) => {
    if (!word(w)) fail(w)
  }
  const punct = (c: string) => {
    if (tokens[p]?.kind !== "punct" || tokens[p]?.text !== c) return false
    p++
    return true
  }
  const dotted = (what: string): readonly [string, string, number] => {
    const head = tokens[p]
    if (head?.kind !== "word") return fail(what)
    p++
    if (!punct(".")) return fail(`"." after ${head.text}`)
    const field = tokens[p]
    if (field?.kind !== "word") return fail(`a field name after ${head.text}.`)
    p++
    return [head.text, field.text, head.at]
  }
  const currentItem = () => {
    const t = tokens[p]
    if (t?.kind === "word" && t.text === "CurrentItem") {
      dotted("CurrentItem.FIELD")
      return true
    }
    return false
  }
  const value = (numeric: boolean) => {
    const t = tokens[p]
    if (t?.kind === "param") {
      parameters.push(t.text.slice(1))
      p++
    } else if (currentItem()) {
      /* CurrentItem.FIELD: for related-items recipes */
    } else if (numeric && t?.kind === "number") p++
    else if (!numeric && t?.kind === "string") p++
    else if (!numeric && t?.kind === "punct" && t.text === "*") p++
    else fail(numeric ? "a number or a $PARAMETER" : 'a quoted string, a $PARAMETER or "*"')
  }
  const comparison = (): "list" | "scalar" => {
    if (word("IN")) return "list"
    if (peekWord("NOT")) {
      p++
      expectWord("IN")
      return "list"
    }
    if (tokens[p]?.kind === "op") {
      p++
      return "scalar"
    }
    return fail("IN, NOT IN or a comparison (=, !=, <, <=, >, >=)")
  }
  const operand = (kind: "list" | "scalar") => {
    if (kind === "scalar") return value(true)
    if (!punct("(")) fail('"(" after IN')
    value(false)
    while (punct(",")) value(false)
    if (!punct(")")) fail('"," or ")"')
  }
  const condition = (target: Target, dataset: string | undefined): string => {
    const [name, field, at] = dotted("Dataset.FIELD")
    const allowed: ReadonlyArray<string> = datasetsFor[target]
    const ds = allowed.find((d) => d.toUpperCase() === name.toUpperCase())
    if (ds === undefined)
      throw new FilterSyntaxError(
        `${name} at position ${at} is not a dataset a ${target} filter can use (${allowed.join(", ")})`
      )
    if (dataset !== undefined && dataset !== ds)
      throw new FilterSyntaxError(
        `conditions chained with AND/OR must use the dataset of the first (${dataset}), found ${ds} at position ${at}`
      )
    const kind = comparison()
    operand(kind)
    fields.push({ dataset: ds as FilterDataset, field, numeric: kind === "scalar" })
    return ds
  }
  const userCondition = () => {
    const [name, field, at] = dotted("CurrentUser.FIELD")
    if (name !== "CurrentUser")
      throw new FilterSyntaxError(`an IF condition tests CurrentUser.FIELD, found ${name} at position ${at}`)
    const kind = comparison()
    operand(kind)
    fields.push({ dataset: "Users", field, numeric: kind === "scalar" })
  }
  const expression = () => {
    if (!word("INCLUDE") && !word("EXCLUDE")) fail("INCLUDE or EXCLUDE")
    const t = tokens[p]
    const target = (["ItemID", "UserID", "ActionID"] as const).find((x) => x.toUpperCase() === t?.text.toUpperCase())
    if (target === undefined || t?.kind !== "word") return fail("ItemID, UserID or ActionID")
    p++
    targets.push(target)
    expectWord("WHERE")
    const dataset = condition(target, undefined)
    while (word("AND") || word("OR")) {
      if (peekWord("IF")) fail("a condition")
      condition(target, dataset)
    }
    if (word("IF")) {
      if (target !== "ItemID") throw new FilterSyntaxError("IF CurrentUser conditions are only for ItemID filters")
      userCondition()
      while (word("AND")) userCondition()
    }
  }
  try {
    expression()
    while (punct("|")) expression()
    if (p < tokens.length) fail('"|", AND, OR or IF')
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e.message
    throw e
  }
  if (new Set(targets).size > 1)
    return `expressions combined with "|" must filter the same thing (found ${[...new Set(targets)].join(" and ")})`
  return { targets, fields, parameters }
}

/** A dataset's field as a filter sees it: its name and Avro type(s). */
export interface FilterableField {
  readonly name: string
  readonly types: ReadonlyArray<string>
}

/** A schema's fields as filters see them (the twin reads its stored schemas, the validator the config's). */
export const filterableFields = (avro: {
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: string | ReadonlyArray<string> }>
}): ReadonlyArray<FilterableField> =>
  avro.fields.map((f) => ({ name: f.name, types: typeof f.type === "string" ? [f.type] : f.type }))

/**
 * Why a filter expression would be refused, or undefined: its grammar, and every `Dataset.FIELD` it
 * names checked against the dataset group's schemas (`fieldsOf` answers undefined for a dataset the
 * group does not have). Boolean fields cannot be filtered on (aws-facts §2.1).
 */
export const filterExpressionProblem = (
  text: string,
  fieldsOf: (dataset: FilterDataset) => ReadonlyArray<FilterableField> | undefined
): string | undefined => {
  const parsed = parseFilterExpression(text)
  if (typeof parsed === "string") return parsed
  for (const ref of parsed.fields) {
    const fields = fieldsOf(ref.dataset)
    if (fields === undefined)
      return `the filter uses ${ref.dataset}.${ref.field}, but the dataset group has no ${ref.dataset} dataset`
    const field = fields.find((f) => f.name.toUpperCase() === ref.field.toUpperCase())
    if (field === undefined)
      return `${ref.dataset}.${ref.field} is not a field of the ${ref.dataset} dataset (fields: ${fields.map((f) => f.name).join(", ")})`
    if (field.types.includes("boolean"))
      return `${ref.dataset}.${ref.field} is boolean: filters cannot use boolean fields (use a string "True"/"False" or an int 0/1)`
  }
  return undefined
}
