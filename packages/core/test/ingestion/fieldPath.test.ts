import { describe, expect, it } from "vitest"
import {
  arrayOf,
  eachElement,
  firstPresent,
  parseFieldPath,
  showElementPath,
  showFieldPath,
  valueAt
} from "../../src/ingestion/index.ts"

// Field paths of the mapping rules: split, shown, read (with [*] per element), and the first present value.

describe("field paths", () => {
  it.each<[string, ReadonlyArray<string>]>([
    ["userId", ["userId"]],
    ["properties.sku", ["properties", "sku"]],
    ["properties.products[*].id", ["properties", "products", "[*]", "id"]],
    ["a[*]", ["a", "[*]"]],
    ["a.b[*].c[*]", ["a", "b", "[*]", "c", "[*]"]]
  ])("%s splits into %j and shows back", (text, path) => {
    expect(parseFieldPath(text)).toEqual(path)
    expect(showFieldPath(path)).toBe(text)
  })

  it("the [*] segment, the array a path iterates, one element shown", () => {
    expect(eachElement).toBe("[*]")
    expect(arrayOf(["properties", "products", "[*]", "id"])).toEqual(["properties", "products"])
    expect(arrayOf(["[*]", "id"])).toEqual([])
    expect(arrayOf(["properties", "sku"])).toBeUndefined()
    expect(showElementPath(["properties", "products", "[*]", "id"], 3)).toBe("properties.products[3].id")
    expect(showElementPath(["properties", "products", "[*]", "id"], undefined)).toBe("properties.products[*].id")
    expect(showElementPath(["properties", "sku"], 0)).toBe("properties.sku")
    expect(showFieldPath([])).toBe("")
  })

  it.each<[string, unknown, ReadonlyArray<string>, number | undefined, unknown]>([
    ["a nested value", { a: { b: 1 } }, ["a", "b"], undefined, 1],
    ["the root", { a: 1 }, [], undefined, { a: 1 }],
    ["a missing key", { a: {} }, ["a", "b"], undefined, undefined],
    ["through null", { a: null }, ["a", "b"], undefined, undefined],
    ["through a string", { a: "s" }, ["a", "length"], undefined, undefined],
    ["through an array by key", { a: [1] }, ["a", "0"], undefined, undefined],
    ["an element", { a: [{ id: 1 }, { id: 2 }] }, ["a", "[*]", "id"], 1, 2],
    ["element 0", { a: [{ id: 1 }] }, ["a", "[*]", "id"], 0, 1],
    ["[*] without an element", { a: [{ id: 1 }] }, ["a", "[*]", "id"], undefined, undefined],
    ["[*] on an object", { a: { id: 1 } }, ["a", "[*]", "id"], 0, undefined],
    ["an element past the end", { a: [{ id: 1 }] }, ["a", "[*]", "id"], 1, undefined],
    ["a null value itself", { a: null }, ["a"], undefined, null]
  ])("valueAt: %s", (_, root, path, element, expected) => {
    expect(valueAt(root, path, element)).toEqual(expected)
  })

  it("firstPresent skips undefined and null, keeping 0, false and empty strings", () => {
    const root = { a: null, b: 0, c: false, d: "", e: "x" }
    expect(firstPresent(root, [["z"], ["a"], ["b"]])).toEqual({ path: ["b"], value: 0 })
    expect(firstPresent(root, [["c"], ["e"]])).toEqual({ path: ["c"], value: false })
    expect(firstPresent(root, [["d"], ["e"]])).toEqual({ path: ["d"], value: "" })
    expect(firstPresent(root, [["z"], ["a"]])).toBeUndefined()
    expect(firstPresent(root, [])).toBeUndefined()
    expect(firstPresent({ l: [{ v: null }, { v: 2 }] }, [["l", "[*]", "v"], ["e"]], 0)).toBeUndefined()
    expect(firstPresent({ l: [{ v: null }, { v: 2 }] }, [["l", "[*]", "v"]], 1)).toEqual({
      path: ["l", "[*]", "v"],
      value: 2
    })
  })
})
