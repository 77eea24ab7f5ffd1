import { S3Client } from "@aws-sdk/client-s3"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** S3 SDK clients, one per region; path-style addressing on a local endpoint. */
export class S3Clients extends Context.Service<S3Clients, ClientsByRegion<S3Client>>()(
  "@personalize-ops/adapters-aws/sdk/S3"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<S3Clients> = clientsLayer(
    S3Clients,
    (config) => new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined })
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<S3Clients> =>
    clientsLayer(
      S3Clients,
      (config) => new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined }),
      options
    )
}
