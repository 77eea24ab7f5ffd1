// Every `personalize-ops` example in README.md's shell blocks runs as written: the built CLI, in a scratch
// directory holding the repo's `examples/`, one block's commands in order (state carries over, as for a
// reader typing them). The exit code is the one the README states (`# exit N` / `(exit N)`, else 0), and every
// output line it shows (a line after a `$ ` command, or an own-line `# ` comment after a plain command) is
// printed, unless the README elides it with "…". An example that cannot run offline (a synopsis, an AWS-only
// path, a server, a placeholder project) is not run, and one test names the reason for each.
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const repo = join(import.meta.dirname, "..", "..", "..")
const cli = join(repo, "packages", "cli", "dist", "main.js")
const anchors = join(repo, "..", "shared", "fixtures", "anchors")

interface Example {
  readonly line: number
  readonly command: string
  readonly exit: number
  readonly shown: Array<string>
}

const commandPattern = /^(?:\$ )?(?:[A-Z_]+=\S+ )*(?:npx )?(?:personalize-ops|sh tools\/run\.sh) /

const fence = /^```(\w*)$/

/**
 * The shell blocks' examples, grouped by block. In a block of `$ ` commands every other line is output; in a
 * block of plain commands, own-line `# ` comments right after a command (no blank line between) are its output.
 */
const examplesOf = (markdown: string): ReadonlyArray<ReadonlyArray<Example>> => {
  const lines = markdown.split("\n").map((l) => l.trim())
  const blocks: Array<Array<Example>> = []
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i] as string)
    if (open === null) continue
    const end = lines.findIndex((l, at) => at > i && l.startsWith("```"))
    if (open[1] === "" || open[1] === "sh") blocks.push(blockExamples(lines, i + 1, end))
    i = end
  }
  return blocks.filter((b) => b.length > 0)
}

const blockExamples = (lines: ReadonlyArray<string>, from: number, to: number): Array<Example> => {
  const dollar = lines.slice(from, to).some((l) => l.startsWith("$ "))
  const examples: Array<Example> = []
  let attached = false
  for (let i = from; i < to; i++) {
    const text = lines[i] as string
    if (commandPattern.test(text) && (!dollar || text.startsWith("$ "))) {
      const line = i + 1
      let command = text
      while (command.endsWith("\\")) command = `${command.slice(0, -1)} ${lines[++i]}`
      const exit = /\bexit (\d)\b/.exec(command)?.[1]
      examples.push({ line, command: command.replace(/^\$ /, ""), exit: Number(exit ?? 0), shown: [] })
      attached = true
      continue
    }
    const shown = dollar ? text : attached && text.startsWith("# ") ? text.slice(2).trim() : undefined
    attached = attached && text.startsWith("# ")
    if (shown !== undefined && shown !== "" && !shown.includes("…")) examples.at(-1)?.shown.push(shown)
  }
  return examples
}

/** Why an example cannot run here, or undefined when it can. */
const skipReason = (command: string): string | undefined => {
  if (/\[--|\w\|\w/.test(command)) return "a synopsis (optional flags, choices), not an example"
  if (/--target aws|--table |monitor report/.test(command)) return "needs AWS (the AWS paths have their own tests)"
  if (/ serve\b/.test(command)) return "starts a server (jobsServe.test.ts, twinServe.test.ts)"
  if (/>>/.test(command)) return "writes to the reader's shell profile"
  if (/(^| )(config\.json|train\/shop\/)/.test(command)) return "a placeholder project"
  if (command.includes("../shared/fixtures/anchors") && !existsSync(anchors))
    return `anchor fixtures absent (${anchors})`
  return undefined
}

const scratch: Array<string> = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
})

const runIn = async (cwd: string, command: string) => {
  const script = command
    .replace(commandPattern, (prefix) =>
      prefix.replace(/(?:npx )?(?:personalize-ops|sh tools\/run\.sh) $/, 'node "$CLI" ')
    )
    .replaceAll("../shared/fixtures/anchors", anchors)
  try {
    const { stdout, stderr } = await run("sh", ["-c", script], { cwd, env: { ...process.env, CLI: cli } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" }
  }
}

const readme = readFileSync(join(repo, "README.md"), "utf8")
const blocks = examplesOf(readme)

describe("README.md: every personalize-ops example runs as written", () => {
  it("finds the examples (the parser reads the README's blocks)", () => {
    const all = blocks.flat()
    expect(all.length).toBeGreaterThanOrEqual(25)
    expect(all.filter((e) => skipReason(e.command) === undefined).length).toBeGreaterThanOrEqual(15)
    expect(all.some((e) => e.exit === 1)).toBe(true)
    expect(all.some((e) => e.shown.length > 5)).toBe(true)
  })

  it("names why each example it does not run cannot run offline", () => {
    const notRun = blocks.flat().flatMap((e) => {
      const reason = skipReason(e.command)
      return reason === undefined ? [] : [`README.md:${e.line}: ${reason}`]
    })
    // Synopses, AWS-only paths, servers and placeholder projects; each has its own test elsewhere.
    expect(notRun.length).toBeLessThanOrEqual(20)
    for (const line of notRun)
      expect(line).toMatch(/: (a synopsis|needs AWS|starts a server|writes to|a placeholder|anchor)/)
  })

  for (const block of blocks) {
    const first = block[0] as Example
    describe(`the block at README.md:${first.line}`, () => {
      const cwd = mkdtempSync(join(tmpdir(), "readme-example-"))
      scratch.push(cwd)
      symlinkSync(join(repo, "examples"), join(cwd, "examples"))
      for (const example of block) {
        if (skipReason(example.command) !== undefined) continue
        const name = `README.md:${example.line} ${example.command}`
        it(name, { timeout: 300_000 }, async () => {
          const result = await runIn(cwd, example.command)
          expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(example.exit)
          const printed = new Set(`${result.stdout}\n${result.stderr}`.split("\n").map((l) => l.trim()))
          expect(example.shown.filter((line) => !printed.has(line))).toEqual([])
        })
      }
    })
  }
})
