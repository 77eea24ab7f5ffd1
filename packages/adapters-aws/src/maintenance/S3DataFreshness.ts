import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from "@aws-sdk/client-s3"
import { Config, Maintenance } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { S3Clients } from "../sdk/S3Clients.ts"

/** One page of ListObjectsV2 under the location, from `token` (undefined: the first page). */
const listPage = (client: S3Client, at: Config.S3Location, token: string | undefined) =>
  awsCall("ListObjectsV2", (abortSignal) =>
    client.send(
      new ListObjectsV2Command({
        Bucket: at.bucket,
        Prefix: at.key,
        ...(token === undefined ? {} : { ContinuationToken: token })
      }),
      { abortSignal }
    )
  ).pipe(retryThrottled())

/** The newest `LastModified` (epoch ms) of the objects under the location, every page; undefined when it holds none. */
const newestUnder = Effect.fnUntraced(function* (client: S3Client, at: Config.S3Location) {
  let newest: number | undefined
  let token: string | undefined
  do {
    const out: ListObjectsV2CommandOutput = yield* listPage(client, at, token)
    for (const o of out.Contents ?? []) {
      const t = o.LastModified?.getTime()
      if (t !== undefined && (newest === undefined || t > newest)) newest = t
    }
    token = out.IsTruncated === true ? out.NextContinuationToken : undefined
  } while (token !== undefined)
  return newest
})

/**
 * When the data of an import last changed, on S3: the newest `LastModified` of the objects under the
 * location (a prefix of CSVs, or one key), every page of ListObjectsV2 — the rule the MLOps solution
 * skips unchanged imports by. Unknown (undefined: the import runs, "its age is unknown") for a location
 * that is not `s3://`, that holds nothing, or that cannot be listed (the failure is logged, never hidden).
 */
export const makeS3DataFreshness = (client: S3Client): Maintenance.DataFreshness["Service"] =>
  Maintenance.DataFreshness.of({
    lastModified: (location) => {
      const parts = Config.s3Location(location)
      if (parts === undefined) return Effect.succeed(undefined)
      return newestUnder(client, parts).pipe(
        Effect.catch((e) =>
          Effect.as(
            Effect.logWarning(`the age of ${location} is unknown: ${e.operation} failed: ${e.name}: ${e.detail}`),
            undefined
          )
        )
      )
    }
  })

/** The DataFreshness port on S3 in `region` (the `S3Clients` client service). */
export const layerS3DataFreshness = (region: string): Layer.Layer<Maintenance.DataFreshness, never, S3Clients> =>
  Layer.effect(
    Maintenance.DataFreshness,
    Effect.map(S3Clients, (clients) => makeS3DataFreshness(clients(region)))
  )
