import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { parseSync } from "oxc-parser"
import { describe, expect, it } from "vitest"

// docs/conventions.md "Keeping it clean": no closure nested three deep in packages/*/src.
//
// A closure is an arrow function or a function expression — a `function*` handed to Effect.gen or
// Effect.fn counts like any other — or a function declaration inside a function or block (not at the
// module's top level), so an inner arrow turned into a nested `function f() {}` still counts. Class and
// object methods (and getters / setters) and top-level function declarations are named members, not
// closures: they neither count nor reset the count.
// A closure is nested three deep when three closures enclose it; the check reports each such closure
// once (the first one inside the third level, not the ones within it).
const root = join(import.meta.dirname, "..", "..", "..")

interface Node {
  readonly type: string
  readonly start: number
  readonly [key: string]: unknown
}

const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"

/** Where a function declaration is at the module's top level (and so a named member, not a closure). */
const topLevel = new Set(["Program", "ExportNamedDeclaration", "ExportDefaultDeclaration"])

const isClosure = (node: Node, parent: Node | undefined) => {
  if (node.type === "FunctionDeclaration") return parent !== undefined && !topLevel.has(parent.type)
  if (node.type !== "ArrowFunctionExpression" && node.type !== "FunctionExpression") return false
  // The function of `m() {}`, `get x() {}` and class methods is the member itself.
  if (parent?.type === "MethodDefinition" || parent?.type === "TSAbstractMethodDefinition") return false
  if (parent?.type === "Property" && (parent["method"] === true || parent["kind"] !== "init")) return false
  return true
}

const children = (node: Node): ReadonlyArray<Node> =>
  Object.entries(node).flatMap(([key, value]) =>
    key === "parent" ? [] : Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []
  )

/** The 1-based line of each closure nested three deep (inside three closures) in `source`. */
const closuresNestedThreeDeep = (filename: string, source: string): ReadonlyArray<number> => {
  const { program, errors } = parseSync(filename, source)
  if (errors.length > 0) throw new Error(`${filename}: ${errors[0]?.message}`)
  const found: Array<number> = []
  const starts = [...source.matchAll(/\n/g)].map((m) => m.index)
  const lineOf = (offset: number) => starts.filter((at) => at < offset).length + 1
  const walk = (node: Node, parent: Node | undefined, depth: number): void => {
    const closure = isClosure(node, parent)
    if (closure && depth === 3) {
      found.push(lineOf(node.start))
      return
    }
    for (const child of children(node)) walk(child, node, closure ? depth + 1 : depth)
  }
  walk(program as unknown as Node, undefined, 0)
  return found
}

const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : []
  })

describe("closures nested three deep", () => {
  it("none in packages/*/src", () => {
    const packages = readdirSync(join(root, "packages"))
    const files = packages.flatMap((p) => sourceFiles(join(root, "packages", p, "src")))
    expect(files.length).toBeGreaterThan(300)
    const found = files.flatMap((path) => {
      const where = relative(root, path)
      const lines = closuresNestedThreeDeep(path, readFileSync(path, "utf8"))
      return lines.length === 0 ? [] : [{ where, lines }]
    })
    expect(found.map((f) => `${f.where}:${f.lines.join(",")}`)).toEqual([])
  })

  it("counts arrow functions and function expressions, generators included", () => {
    const three = "export const f = Effect.gen(function* () { yield* Effect.map(x, (a) => [a].map((b) => b)) })"
    expect(closuresNestedThreeDeep("s.ts", three)).toEqual([])
    const four =
      "export const f = Effect.gen(function* () {\n  yield* Effect.map(x, (a) => [a].map((b) => [b].map((c) => c)))\n})"
    expect(closuresNestedThreeDeep("s.ts", four)).toEqual([2])
    const fns = "const f = function () { return function () { return function () { return function () {} } } }"
    expect(closuresNestedThreeDeep("s.ts", fns)).toEqual([1])
  })

  it("reports a closure once, not the closures within it", () => {
    const five = "const f = () => () => () => () => () => 1\nconst g = () => () => () => [() => 1, () => 2]"
    expect(closuresNestedThreeDeep("s.ts", five)).toEqual([1, 2, 2])
  })

  it("does not count methods, getters or top-level function declarations", () => {
    const members = [
      "class A { m() { return () => () => () => 1 } get g() { return () => () => () => 2 } }",
      "const o = { m() { return () => () => () => 1 } }",
      "function d() { return () => () => () => 1 }",
      "export function e() { return () => () => () => 1 }",
      "export default function () { return () => () => () => 1 }"
    ].join("\n")
    expect(closuresNestedThreeDeep("s.ts", members)).toEqual([])
    // A closure inside a method still counts from the method's body.
    expect(closuresNestedThreeDeep("s.ts", "class A { m() { return () => () => () => () => 1 } }")).toEqual([1])
  })

  it("counts a function declaration nested in a function or block", () => {
    // An inner arrow turned into a nested declaration is still a closure level, and is reported itself.
    const declared = "const f = () => () => {\n  function g() { return 1 }\n  return g\n}"
    expect(closuresNestedThreeDeep("s.ts", declared)).toEqual([])
    expect(closuresNestedThreeDeep("s.ts", `const h = () => ${declared.slice("const f = ".length)}`)).toEqual([2])
    const inside = "function d() { function e() { return () => () => 1 } return e }"
    expect(closuresNestedThreeDeep("s.ts", inside)).toEqual([])
    const deeper = "function d() { function e() { return () => () => () => 1 } return e }"
    expect(closuresNestedThreeDeep("s.ts", deeper)).toEqual([1])
    expect(closuresNestedThreeDeep("s.ts", "if (x) { function b() { return () => () => () => 1 } }")).toEqual([1])
  })
})
