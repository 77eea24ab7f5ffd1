import { execFile } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { promisify } from "node:util"
import { faultProfiles } from "@personalize-ops/adapters-memory"
import { describe, expect, it } from "vitest"
import { faultChoices } from "../src/commands/simulate.ts"
import { recordingIo } from "../src/Io.ts"
import { runCli, version } from "../src/run.ts"

const root = join(import.meta.dirname, "..")
const run = async (...argv: ReadonlyArray<string>) => {
  const { io, stdout, stderr } = recordingIo()
  const code = await runCli(argv, io)
  return { code, stdout: stdout(), stderr: stderr() }
}

// Every command path, from the root help's subcommand list and each group's.
const subcommandsOf = (help: string) =>
  (help.split("SUBCOMMANDS\n")[1] ?? "")
    .split("\n")
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)

describe("personalize-ops on effect's CLI module", () => {
  it("--version prints the package's version", async () => {
    expect(await run("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" })
    expect(version).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version)
  })

  it("help lists every command; every command and group answers --help and -h with exit 0", async () => {
    const top = await run("help")
    expect(top.code).toBe(0)
    const names = subcommandsOf(top.stdout)
    expect(names).toEqual([
      "validate",
      "plan",
      "apply",
      "destroy",
      "simulate",
      "schedules",
      "workflow",
      "events",
      "jobs",
      "dashboard",
      "monitor",
      "twin"
    ])
    const paths: Array<ReadonlyArray<string>> = []
    for (const name of names) {
      const help = await run(name, "--help")
      expect(help.code, name).toBe(0)
      const subs = subcommandsOf(help.stdout)
      if (subs.length === 0) paths.push([name])
      for (const sub of subs) paths.push([name, sub])
    }
    expect(paths.length).toBeGreaterThanOrEqual(8)
    for (const path of paths)
      for (const flag of ["--help", "-h"]) {
        const help = await run(...path, flag)
        expect([path.join(" "), help.code, help.stderr]).toEqual([path.join(" "), 0, ""])
        expect(help.stdout).toContain(`personalize-ops ${path.join(" ")}`)
      }
    expect((await run("help", "validate")).stdout).toBe((await run("validate", "--help")).stdout)
  })

  it("validate --help names its argument and flags; simulate -h is help, not a file", async () => {
    const help = await run("validate", "--help")
    expect(help.stdout).toMatch(/USAGE\n {2}personalize-ops validate \[flags\] <config>/)
    expect(help.stdout).toContain("--json")
    const simulate = await run("simulate", "-h")
    expect(simulate.code).toBe(0)
    expect(simulate.stdout).toContain("--faults")
  })

  it("a typo gets a suggestion and exit 2; usage errors go to stderr with the command's help", async () => {
    const typo = await run("jbos")
    expect(typo.code).toBe(2)
    expect(typo.stdout).toBe("")
    expect(typo.stderr).toMatch(/Unknown subcommand "jbos"[\s\S]*Did you mean this\?\s+jobs/)
    const flag = await run("simulate", "c.json", "--seeed", "3")
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("--seed")
    const value = await run("simulate", "c.json", "--faults", "lots")
    expect(value.code).toBe(2)
    expect(value.stderr).toContain('"none" | "light" | "heavy"')
    expect((await run("validate")).stderr).toContain("Missing required argument: config")
  })

  it("a group or the bare command without a subcommand prints its help to stderr with exit 2", async () => {
    const jobs = await run("jobs")
    expect(jobs.code).toBe(2)
    expect(jobs.stderr).toContain("personalize-ops jobs <subcommand>")
    expect(jobs.stderr).toMatch(/report[\s\S]*serve/)
    expect((await run()).code).toBe(2)
  })

  it("prints shell completions for every command", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const out = await run("--completions", shell)
      expect([shell, out.code]).toEqual([shell, 0])
      for (const word of ["validate", "simulate", "serve", "--faults"]) expect(out.stdout, shell).toContain(word)
    }
  })

  it("--faults offers exactly the twin's fault profiles", () => {
    expect([...faultChoices].sort()).toEqual(Object.keys(faultProfiles).sort())
  })
})

// `help` and a command's flag parsing load only effect's CLI modules: a command's body loads its work
// (core, the adapters, the AWS SDK) with `await import(...)`. This walks the static imports from main.ts.
describe("startup loads no command's work", () => {
  const staticImports = (file: string) =>
    [...readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*?from "([^"]+)"|^import "([^"]+)"/gm)].map(
      (m) => (m[1] ?? m[2]) as string
    )

  it("the static import graph of main.ts reaches only effect and node: modules", () => {
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const spec of staticImports(file))
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec))
        else external.add(spec)
    }
    visit(join(root, "src", "main.ts"))
    expect([...external].filter((spec) => !/^(node:|effect\/)/.test(spec))).toEqual([])
    // every command file is on that graph (the registry imports them all)
    for (const file of readdirSync(join(root, "src", "commands")))
      expect(seen.has(join(root, "src", "commands", file)), file).toBe(true)
  })
})

describe("one way to read a flag", () => {
  it("every optional flag is an optionalFlag (its value or undefined): no command reads Option tags", () => {
    for (const file of readdirSync(join(root, "src", "commands"))) {
      const source = readFileSync(join(root, "src", "commands", file), "utf8")
      expect(source, file).not.toMatch(/Flag\.optional|_tag === "Some"|_tag === "None"/)
    }
  })
})

describe("the installed command", () => {
  const bin = join(root, "bin", "personalize-ops.js")
  const exec = promisify(execFile)

  it("bin/personalize-ops.js is committed and executable, and runs with the process's exit codes", async () => {
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).bin).toEqual({
      "personalize-ops": "./bin/personalize-ops.js"
    })
    const { stdout } = await exec(bin, ["--version"])
    expect(stdout).toBe(`${version}\n`)
    const typo = await exec(process.execPath, [bin, "jbos"]).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr })
    )
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("jobs")
  })

  it("the build's bundle runs a command whose body is a chunk of its own", async () => {
    const main = join(root, "dist-bundle", "main.js")
    const config = join(root, "..", "..", "examples", "configs", "movielens.json")
    const { stdout } = await exec(process.execPath, [main, "validate", config, "--json"])
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, format: "personalize-ops" })
    // main.js holds the command tree; each body is an import() of a chunk
    expect(readFileSync(main, "utf8")).toMatch(/import\("\.\/chunks\/[^"]+\.js"\)/)
  })
})
