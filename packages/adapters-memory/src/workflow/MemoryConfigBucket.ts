import { createHash } from "node:crypto"
import { readdir, readFile, stat } from "node:fs/promises"
import { join, relative } from "node:path"
import { Personalize as P, Workflow } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { layerNodeDataSource } from "../personalize/dataSources.ts"

const md5 = (text: string) => createHash("md5").update(text).digest("hex")

const mapHolds = (objects: ReadonlyMap<string, string>, prefix: string) =>
  [...objects.keys()].some((k) => k.startsWith(prefix))

/**
 * The deployment's bucket over a map (`"bucket/key"` → text). A bucket with no object in the map is
 * remote (`holds` answers "unknown"), as the twin treats s3:// data it cannot read.
 */
export const makeMapConfigBucket = (objects: ReadonlyMap<string, string>): Workflow.ConfigBucket["Service"] => {
  const known = (bucket: string) => [...objects.keys()].some((k) => k.startsWith(`${bucket}/`))
  return Workflow.ConfigBucket.of({
    get: (bucket, key) =>
      Effect.sync(() => {
        const text = objects.get(`${bucket}/${key}`)
        return text === undefined ? undefined : { text, eTag: md5(text) }
      }),
    holds: (bucket, prefix) =>
      Effect.sync(() => (known(bucket) ? mapHolds(objects, `${bucket}/${prefix}`) : ("unknown" as const)))
  })
}

/** A folder stands for the bucket: `s3://<bucket>/<key>` is `<dir>/<key>`. */
export interface BucketFolder {
  readonly bucket: string
  readonly dir: string
}

const safeKey = (key: string) => !key.split("/").includes("..")

/** A file's text and ETag (the MD5 of its content, as S3 gives for a single-part upload); undefined when absent. */
const readObject = async (path: string) => {
  const text = await readFile(path, "utf8").catch(() => undefined)
  return text === undefined ? undefined : { text, eTag: md5(text) }
}

/** Whether the folder holds data under `prefix`: a non-empty folder for `a/b/`, a file for `a/b.csv`. */
const folderHolds = async (folder: BucketFolder, prefix: string) => {
  if (!safeKey(prefix)) return false
  const path = join(folder.dir, prefix)
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) return false
  return info.isDirectory() ? (await readdir(path)).length > 0 : !prefix.endsWith("/")
}

/**
 * The deployment's bucket as a local folder (`workflow run --local --data DIR`): objects are files; a
 * prefix `a/b/` holds data when the folder has a file, `a/b.csv` when the file exists. Other buckets are remote.
 */
export const makeFolderConfigBucket = (folder: BucketFolder): Workflow.ConfigBucket["Service"] =>
  Workflow.ConfigBucket.of({
    get: (bucket, key) =>
      bucket !== folder.bucket || !safeKey(key)
        ? Effect.succeed(undefined)
        : Effect.promise(() => readObject(join(folder.dir, key))),
    holds: (bucket, prefix) =>
      bucket !== folder.bucket ? Effect.succeed("unknown" as const) : Effect.promise(() => folderHolds(folder, prefix))
  })

/** Reads `s3://<bucket>/<key>` from `<dir>/<key>`, naming each file by its S3 location. */
const readFromFolder = (node: P.DataSource["Service"], folder: BucketFolder, location: string) => {
  const prefix = `s3://${folder.bucket}/`
  if (!location.startsWith(prefix)) return Effect.succeed({ _tag: "Remote" } as const)
  const key = location.slice(prefix.length)
  if (!safeKey(key)) return Effect.succeed({ _tag: "Missing" } as const)
  return Effect.map(node.read(join(folder.dir, key)), (read) =>
    read._tag === "Files"
      ? { ...read, files: read.files.map((f) => ({ ...f, name: `${prefix}${relative(folder.dir, f.name)}` })) }
      : read
  )
}

/**
 * What the twin reads for an import from the bucket folder: `s3://<bucket>/<path>` is read from
 * `<dir>/<path>` (a file, or every `.csv` of a folder); other locations are remote.
 */
export const layerBucketFolderDataSource = (folder: BucketFolder): Layer.Layer<P.DataSource> =>
  Layer.effect(
    P.DataSource,
    Effect.map(Effect.service(P.DataSource), (node) =>
      P.DataSource.of({ read: (location) => readFromFolder(node, folder, location) })
    )
  ).pipe(Layer.provide(layerNodeDataSource))
