import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3"
import { Workflow } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { S3Clients } from "../sdk/S3Clients.ts"

const toFailure = (e: AwsCallError) =>
  new Workflow.BucketFailure({ operation: e.operation, detail: `${e.name}: ${e.detail}` })

/** The deployment's bucket on S3: GetObject for the config, ListObjectsV2 (one key) for "is data there". */
export const makeS3ConfigBucket = (client: S3Client): Workflow.ConfigBucket["Service"] =>
  Workflow.ConfigBucket.of({
    get: (bucket, key) =>
      awsCall("GetObject", async (abortSignal) => {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal })
        return { text: (await out.Body?.transformToString("utf-8")) ?? "", eTag: (out.ETag ?? "").replace(/"/g, "") }
      }).pipe(
        retryThrottled(),
        Effect.map((o): Workflow.StoredObject | undefined => o),
        Effect.catch((e) => (e.name === "NoSuchKey" ? Effect.succeed(undefined) : Effect.fail(toFailure(e))))
      ),
    holds: (bucket, prefix) =>
      awsCall("ListObjectsV2", (abortSignal) =>
        client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }), { abortSignal })
      ).pipe(
        retryThrottled(),
        Effect.map((out) => (out.KeyCount ?? out.Contents?.length ?? 0) > 0),
        Effect.mapError(toFailure)
      )
  })

/** The ConfigBucket port on S3 in `region` (default: the `S3Clients` client service's). */
export const layerS3ConfigBucket = (region?: string): Layer.Layer<Workflow.ConfigBucket, never, S3Clients> =>
  Layer.effect(
    Workflow.ConfigBucket,
    Effect.map(S3Clients, (clients) => makeS3ConfigBucket(clients(region)))
  )
