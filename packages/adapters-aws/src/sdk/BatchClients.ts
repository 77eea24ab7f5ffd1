import { BatchClient } from "@aws-sdk/client-batch"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** AWS Batch SDK clients (the jobs handlers use the default region's). */
export class BatchClients extends Context.Service<BatchClients, ClientsByRegion<BatchClient>>()(
  "@personalize-ops/adapters-aws/sdk/Batch"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<BatchClients> = clientsLayer(BatchClients, (config) => new BatchClient(config))

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<BatchClients> =>
    clientsLayer(BatchClients, (config) => new BatchClient(config), options)
}
