import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"

// Every `aws-facts §x` a comment cites must be a section of docs/aws-facts.md, so a reader can follow it.
const root = join(import.meta.dirname, "..", "..", "..")

const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|md)$/.test(name) ? [path] : []
  })

/** Section numbers of the doc: `## 4. CloudWatch` → "4", `### 4.6 …` → "4.6". */
const sections = (text: string) => new Set([...text.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)].map((m) => m[1]))

/** Every cited section, with where it is cited. */
const citations = (paths: ReadonlyArray<string>) =>
  paths.flatMap((path) =>
    [...readFileSync(path, "utf8").matchAll(/aws-facts(?:\.md)? ?§ ?(\d+(?:\.\d+)*)/g)].map((m) => ({
      where: relative(root, path),
      section: m[1] as string
    }))
  )

describe("docs/aws-facts.md", () => {
  it("has every section the code cites", () => {
    const doc = readFileSync(join(root, "docs", "aws-facts.md"), "utf8")
    const known = sections(doc)
    const dirs = ["packages", "examples", "tools"].map((d) => join(root, d)).filter(existsSync)
    const cited = citations([join(root, "README.md"), ...dirs.flatMap(files)])
    expect(cited.length).toBeGreaterThan(20)
    expect(cited.filter((c) => !known.has(c.section)).map((c) => `${c.where}: §${c.section}`)).toEqual([])
  })

  it("the check reads section numbers as written", () => {
    expect([...sections("## 4. CloudWatch\n### 4.6 EMF\n#### 1.2.3 x\n")]).toEqual(["4", "4.6", "1.2.3"])
  })
})
