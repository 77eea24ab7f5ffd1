import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  layerBucketFolderDataSource,
  layerMemoryDataSource,
  layerNodeDataSource
} from "@personalize-ops/adapters-memory"
import { Personalize as P } from "@personalize-ops/core"
import { dataSourceContract } from "@personalize-ops/core/testing"
import { Effect, type Layer } from "effect"

const portOf = (layer: Layer.Layer<P.DataSource>) => Effect.provide(Effect.service(P.DataSource), layer)

dataSourceContract("memory (a map)", (files) =>
  Effect.map(portOf(layerMemoryDataSource(new Map(files.map((f) => [`data/${f.name}`, f.text])))), (port) => ({
    port,
    location: (name) => `data/${name}`
  }))
)

dataSourceContract("node:fs (a folder)", (files) =>
  Effect.gen(function* () {
    const dir = yield* Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "data-source-"))),
      (d) => Effect.promise(() => rm(d, { recursive: true, force: true }))
    )
    yield* Effect.promise(() => Promise.all(files.map((f) => writeFile(join(dir, f.name), f.text))))
    return { port: yield* portOf(layerNodeDataSource), location: (name: string) => join(dir, name) }
  })
)

dataSourceContract("a bucket folder (workflow run --local --data)", (files) =>
  Effect.gen(function* () {
    const dir = yield* Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "bucket-folder-"))),
      (d) => Effect.promise(() => rm(d, { recursive: true, force: true }))
    )
    yield* Effect.promise(() => Promise.all(files.map((f) => writeFile(join(dir, f.name), f.text))))
    const port = yield* portOf(layerBucketFolderDataSource({ bucket: "deployment-data", dir }))
    return { port, location: (name: string) => `s3://deployment-data/${name}` }
  })
)
