import { Result, Schema } from "effect"
import { decodeWithIssues, type InputIssues } from "../input/InputIssues.ts"

/**
 * The S3 notification event (aws-facts §6.3): only the fields the trigger reads. `eventVersion` is not
 * matched (2.1 … 2.6 are all in use); `object.key` arrives URL-encoded with `+` for spaces.
 */
const S3Record = Schema.Struct({
  eventSource: Schema.optionalKey(Schema.String),
  eventName: Schema.String,
  s3: Schema.Struct({
    bucket: Schema.Struct({ name: Schema.String }),
    object: Schema.Struct({
      key: Schema.String,
      eTag: Schema.optionalKey(Schema.String),
      size: Schema.optionalKey(Schema.Number),
      versionId: Schema.optionalKey(Schema.String)
    })
  })
})

export const S3NotificationEvent = Schema.Struct({ Records: Schema.Array(S3Record) })
export type S3NotificationEvent = typeof S3NotificationEvent.Type

/** One uploaded object an S3 notification names. */
export interface UploadedObject {
  readonly bucket: string
  /** The key, decoded (`red+flower.json` → `red flower.json`). */
  readonly key: string
  /** The ETag without quotes ("" when the event carries none). */
  readonly eTag: string
  readonly eventName: string
}

/** Decodes an S3 object key as S3 notifications encode it (URL form, `+` for a space). */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, " "))

/** Which uploads are configs: `*.json` under `prefix` ("" = anywhere in the bucket). */
export interface ConfigFilter {
  readonly prefix: string
}

/** The folder of a key: `train/shop/config.json` → `train/shop`; `params.json` → "". */
export const folderOf = (key: string): string => {
  const slash = key.lastIndexOf("/")
  return slash < 0 ? "" : key.slice(0, slash)
}

/**
 * The destroy marker: a config uploaded as `<name>.destroy.json` (next to `<name>.json`, so the bucket's
 * `*.json` notification delivers it) starts a teardown of that config's resources instead of a build.
 * Deleting a config never destroys anything (an accidental delete must not take production down).
 */
export const destroyMarkerSuffix = ".destroy.json"

/** What an uploaded config asks for: `destroy` for a destroy marker, else `apply`. */
export const modeOfKey = (key: string): "apply" | "destroy" =>
  key.toLowerCase().endsWith(destroyMarkerSuffix) ? "destroy" : "apply"

/** True for an ObjectCreated event on a `*.json` key under the filter's prefix. */
export const isConfigUpload = (o: UploadedObject, filter: ConfigFilter): boolean =>
  o.eventName.startsWith("ObjectCreated") && o.key.startsWith(filter.prefix) && o.key.toLowerCase().endsWith(".json")

const decodeEvent = decodeWithIssues(S3NotificationEvent)

/** The uploaded objects of an S3 notification event, or every issue with its path. */
export const uploadedObjects = (event: unknown): Result.Result<ReadonlyArray<UploadedObject>, InputIssues> =>
  Result.map(decodeEvent(event), (e) =>
    e.Records.map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeS3Key(r.s3.object.key),
      eTag: (r.s3.object.eTag ?? "").replace(/"/g, ""),
      eventName: r.eventName
    }))
  )

/** FNV-1a, 64 bits over UTF-16 code units, as 16 hex digits: a stable short digest (not a security hash). */
const fnv1a64 = (text: string): string => {
  let hash = 0xcbf29ce484222325n
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i))
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return hash.toString(16).padStart(16, "0")
}

/** Step Functions execution names: 1–80 characters; `0-9A-Za-z-_` keeps them loggable (aws-facts §7). */
export const executionNameLimit = 80

/**
 * The execution name for an uploaded config: readable (the key's letters) and unique per object
 * version (a digest of key and ETag). The same upload delivered twice yields the same name, and
 * Step Functions starts a name once.
 */
export const executionNameFor = (key: string, eTag: string): string => {
  const digest = fnv1a64(`${key}\u0000${eTag}`)
  const readable = key
    .replace(/\.json$/i, "")
    .replace(/[^0-9A-Za-z_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
  const room = executionNameLimit - digest.length - 1
  const head = readable.length > room ? readable.slice(readable.length - room) : readable
  return head === "" ? digest : `${head.replace(/^-+/, "")}-${digest}`
}
