import { describe, expect, it } from "vitest"
import { parseArgs } from "../src/flags.ts"

describe("parseArgs (every command's flags)", () => {
  const spec = { values: ["rules", "seed"], switches: ["json"] }

  it("splits positionals, --name value, --name=value and switches", () => {
    const parsed = parseArgs(["a.json", "--rules", "r.json", "--seed=7", "--json", "b"], spec)
    expect(parsed).toEqual({
      positionals: ["a.json", "b"],
      values: new Map([
        ["rules", "r.json"],
        ["seed", "7"]
      ]),
      switches: new Set(["json"])
    })
  })

  it("names an undeclared option or a missing value", () => {
    expect(parseArgs(["--yaml"], spec)).toBe("unknown option --yaml")
    expect(parseArgs(["--json=yes"], spec)).toBe("unknown option --json=yes")
    expect(parseArgs(["--rules"], spec)).toBe("--rules needs a value")
    expect(parseArgs(["--rules", "--json"], spec)).toBe("--rules needs a value")
  })
})
