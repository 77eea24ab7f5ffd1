// The README's twin-endpoint examples are run as written (the AWS CLI block and the boto3 block) against a
// served twin, with the README's example URL replaced by the server's. Each is skipped when its tool is not
// installed (the `aws` command; python3 with boto3).
import { execFile, spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { startTwinServer, type TwinServer } from "@personalize-ops/adapters-memory"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const readme = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8")
const section = readme.slice(readme.indexOf("## The twin as a local Personalize endpoint"))
const block = (language: string) => {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section)
  if (match === null) throw new Error(`README: no ${language} block in the twin endpoint section`)
  return match[1] as string
}
const exampleUrl = "http://127.0.0.1:43117"

const hasAws = spawnSync("aws", ["--version"]).status === 0
const hasBoto3 = spawnSync("python3", ["-c", "import boto3"]).status === 0

let server: TwinServer
beforeAll(async () => {
  server = await startTwinServer({ speed: 1000 })
})
afterAll(() => server.close())

describe("README: the twin endpoint's examples", () => {
  it.skipIf(!hasAws)("the AWS CLI block creates and lists a dataset group", async () => {
    const script = block("sh")
    expect(script).toContain(exampleUrl)
    const { stdout } = await run("sh", ["-e", "-c", script.replaceAll(exampleUrl, server.url)])
    const [created, listed] = stdout.split(/\n(?=\{)/).map((json) => JSON.parse(json))
    expect(created.datasetGroupArn).toMatch(/:dataset-group\/shop$/)
    expect(listed.datasetGroups.map((g: { name: string }) => g.name)).toContain("shop")
  })

  it.skipIf(!hasBoto3)("the boto3 block creates a dataset group and prints its status", async () => {
    const script = block("python")
    expect(script).toContain(exampleUrl)
    const { stdout } = await run("python3", [
      "-c",
      script.replaceAll(exampleUrl, server.url).replace('name="shop"', 'name="shop2"')
    ])
    expect(["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]).toContain(stdout.trim())
  })
})
