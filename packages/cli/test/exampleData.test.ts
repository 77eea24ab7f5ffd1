import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const data = join(import.meta.dirname, "..", "..", "..", "examples", "data")

describe("examples/data (the local-movielens dataset)", () => {
  it("generate.mjs is deterministic: it reproduces the committed files", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-data-"))
    await promisify(execFile)(process.execPath, [join(data, "generate.mjs"), out])
    for (const file of ["interactions.csv", "items.csv", "batch-users.jsonl"])
      expect(readFileSync(join(out, file), "utf8")).toBe(readFileSync(join(data, file), "utf8"))
  })

  it("meets Personalize's minimums: ≥ 1,000 interactions and items, ≥ 25 users with ≥ 2 interactions", () => {
    const [header, ...rows] = readFileSync(join(data, "interactions.csv"), "utf8").trimEnd().split("\n")
    expect(header).toBe("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE")
    expect(new Set(rows).size).toBeGreaterThanOrEqual(1000)
    const perUser = new Map<string, number>()
    for (const row of rows) {
      const user = row.split(",")[0]!
      perUser.set(user, (perUser.get(user) ?? 0) + 1)
    }
    expect([...perUser.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(25)
    const items = new Set(
      readFileSync(join(data, "items.csv"), "utf8")
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((r) => r.split(",")[0])
    )
    expect(rows.every((r) => items.has(r.split(",")[1]))).toBe(true)
    // Every import job needs ≥ 1,000 records, the items file included.
    expect(items.size).toBeGreaterThanOrEqual(1000)
  })
})
