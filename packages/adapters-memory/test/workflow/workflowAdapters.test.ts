import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { configBucketContract, executionsContract } from "@personalize-ops/core/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeFolderConfigBucket, makeMapConfigBucket, makeMemoryExecutions } from "../../src/index.ts"

configBucketContract("memory map", (objects) =>
  Effect.succeed({
    port: makeMapConfigBucket(new Map(objects.map((o) => [`data/${o.key}`, o.text]))),
    bucket: "data"
  })
)

configBucketContract("local folder", (objects) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const dir = await mkdtemp(join(tmpdir(), "po-bucket-"))
      for (const o of objects) {
        await mkdir(dirname(join(dir, o.key)), { recursive: true })
        await writeFile(join(dir, o.key), o.text)
      }
      return dir
    }),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  ).pipe(Effect.map((dir) => ({ port: makeFolderConfigBucket({ bucket: "data", dir }), bucket: "data" })))
)

executionsContract("memory", () => Effect.sync(() => makeMemoryExecutions().service))

describe("memory workflow adapters", () => {
  it("a bucket with nothing known is remote (unknown), and the folder never reads outside itself", async () => {
    const map = makeMapConfigBucket(new Map([["data/x.json", "{}"]]))
    expect(await Effect.runPromise(map.holds("elsewhere", "Interactions/"))).toBe("unknown")
    const folder = makeFolderConfigBucket({ bucket: "data", dir: tmpdir() })
    expect(await Effect.runPromise(folder.get("data", "../etc/passwd"))).toBeUndefined()
    expect(await Effect.runPromise(folder.holds("other", "a/"))).toBe("unknown")
  })

  it("the executions inspector lists what was started, once per name", async () => {
    const executions = makeMemoryExecutions()
    await Effect.runPromise(executions.service.start("a", "{}"))
    await Effect.runPromise(executions.service.start("a", "{}"))
    expect(executions.started().map((e) => e.name)).toEqual(["a"])
  })
})
