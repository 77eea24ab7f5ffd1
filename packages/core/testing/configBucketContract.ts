// The contract every ConfigBucket adapter passes: the map and the folder in memory, S3 through the real
// SDK against a local endpoint. `make` builds a bucket holding the given objects.
import { assert, describe, it } from "@effect/vitest"
import type * as Workflow from "@personalize-ops/core/workflow"
import { Effect, type Scope } from "effect"

export interface ConfigBucketSubject {
  readonly port: Workflow.ConfigBucket["Service"]
  /** The bucket's name. */
  readonly bucket: string
}

export type MakeConfigBucketSubject = (
  objects: ReadonlyArray<{ readonly key: string; readonly text: string }>
) => Effect.Effect<ConfigBucketSubject, never, Scope.Scope>

const config = '{"format":"personalize-ops/v1"}'

export const configBucketContract = (name: string, make: MakeConfigBucketSubject) =>
  describe(`ConfigBucket contract: ${name}`, () => {
    it.live("get: an object's text and ETag; no such key is undefined, not a failure", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const { port, bucket } = yield* make([{ key: "train/shop/config.json", text: config }])
          const found = yield* port.get(bucket, "train/shop/config.json")
          assert.strictEqual(found?.text, config)
          assert.isTrue((found?.eTag.length ?? 0) > 0)
          assert.isFalse(found?.eTag.includes('"'))
          assert.strictEqual(yield* port.get(bucket, "train/shop/absent.json"), undefined)
        })
      )
    )

    it.live("holds: a folder with a file, a whole key; not an empty or absent place", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const { port, bucket } = yield* make([
            { key: "train/shop/interactions/part-1.csv", text: "USER_ID\n" },
            { key: "train/shop/items.csv", text: "ITEM_ID\n" }
          ])
          assert.isTrue(yield* port.holds(bucket, "train/shop/interactions/"))
          assert.isTrue(yield* port.holds(bucket, "train/shop/items.csv"))
          assert.isFalse(yield* port.holds(bucket, "train/shop/users/"))
          assert.isFalse(yield* port.holds(bucket, "train/shop/users.csv"))
        })
      )
    )
  })
