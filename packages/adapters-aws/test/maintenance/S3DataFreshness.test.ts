// The AWS DataFreshness: ListObjectsV2 through the S3 SDK against the local restXml endpoint the
// workflow adapters are tested on, its objects landing as the (test) clock passes their upload time.
import { Maintenance } from "@personalize-ops/core"
import { dataFreshnessContract } from "@personalize-ops/core/testing"
import { Clock, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layerS3DataFreshness } from "../../src/index.ts"
import { S3Clients } from "../../src/sdk/S3Clients.ts"
import { type LocalWorkflowAws, startLocalWorkflowAws } from "../../src/testing/index.ts"
import { localCredentials } from "../../src/testing/localAws.ts"

const options = (server: LocalWorkflowAws) => ({ endpoint: server.endpoint, credentials: localCredentials })
const hour = 3_600_000
const day = 24 * hour

dataFreshnessContract("aws (S3 ListObjectsV2 against a local restXml endpoint)", () =>
  Effect.gen(function* () {
    const server = yield* Effect.acquireRelease(
      Effect.promise(() => startLocalWorkflowAws()),
      (s) => Effect.promise(() => s.close())
    )
    const port = yield* Effect.service(Maintenance.DataFreshness).pipe(
      Effect.provide(layerS3DataFreshness("us-east-1").pipe(Layer.provide(S3Clients.layerOptions(options(server)))))
    )
    const first = yield* Clock.currentTimeMillis
    // A new CSV lands under items/ every day at 05:00, uploaded once the clock has passed that time.
    const land = (now: number) => {
      for (let t = first - (first % day) + 5 * hour; t <= now; t += day) {
        const key = `data/items/${new Date(t).toISOString().slice(0, 10)}.csv`
        if (!server.objects.has(key)) {
          server.objects.set(key, "ITEM_ID\n1\n")
          server.modified.set(key, new Date(t))
        }
      }
    }
    return {
      location: "s3://data/items/",
      port: Maintenance.DataFreshness.of({
        lastModified: (location) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            land(now)
            return port.lastModified(location)
          })
      })
    }
  })
)

let server: LocalWorkflowAws
beforeAll(async () => {
  server = await startLocalWorkflowAws()
})
afterAll(() => server.close())

const lastModified = (location: string) =>
  Effect.runPromise(
    Effect.flatMap(Effect.service(Maintenance.DataFreshness), (p) => p.lastModified(location)).pipe(
      Effect.provide(layerS3DataFreshness("us-east-1").pipe(Layer.provide(S3Clients.layerOptions(options(server)))))
    )
  )

describe("S3 DataFreshness", () => {
  it("is the newest LastModified under the prefix (a folder of CSVs or one key); other prefixes do not count", async () => {
    const at = (iso: string) => new Date(iso)
    for (const [key, when] of [
      ["shop/train/interactions/a.csv", "2026-03-01T00:00:00Z"],
      ["shop/train/interactions/b.csv", "2026-03-04T06:00:00Z"],
      ["shop/train/users.csv", "2026-03-09T00:00:00Z"]
    ] as const) {
      server.objects.set(key, "x")
      server.modified.set(key, at(when))
    }
    expect(await lastModified("s3://shop/train/interactions/")).toBe(Date.parse("2026-03-04T06:00:00Z"))
    expect(await lastModified("s3://shop/train/users.csv")).toBe(Date.parse("2026-03-09T00:00:00Z"))
  })

  it("is unknown for an empty prefix, a location that is not s3://, and a bucket that cannot be listed", async () => {
    expect(await lastModified("s3://shop/nothing-here/")).toBeUndefined()
    expect(await lastModified("/tmp/local.csv")).toBeUndefined()
    // An endpoint that refuses the connection: the listing fails, so the age is unknown (and logged).
    const closed = await startLocalWorkflowAws()
    await closed.close()
    const unreachable = await Effect.runPromise(
      Effect.flatMap(Effect.service(Maintenance.DataFreshness), (p) => p.lastModified("s3://shop/train/")).pipe(
        Effect.provide(layerS3DataFreshness("us-east-1").pipe(Layer.provide(S3Clients.layerOptions(options(closed)))))
      )
    )
    expect(unreachable).toBeUndefined()
  })

  it("feeds the import rule: unchanged data since the last import is skipped, new data runs", async () => {
    server.objects.set("feed/i/a.csv", "x")
    server.modified.set("feed/i/a.csv", new Date("2026-03-01T00:00:00Z"))
    const decide = async () => {
      const modified = await lastModified("s3://feed/i/")
      return Maintenance.decideImport({
        now: Date.parse("2026-03-02T00:00:00Z"),
        mode: "FULL",
        last: { startedAt: Date.parse("2026-03-01T12:00:00Z"), status: "ACTIVE" },
        data: modified === undefined ? {} : { lastModified: modified }
      })
    }
    expect((await decide())._tag).toBe("Skip")
    server.modified.set("feed/i/a.csv", new Date("2026-03-01T18:00:00Z"))
    expect(await decide()).toMatchObject({ _tag: "Run", reason: "the data changed at 2026-03-01T18:00:00.000Z" })
  })
})
