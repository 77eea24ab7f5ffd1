import { SNSClient } from "@aws-sdk/client-sns"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** SNS SDK clients, one per region (a topic's region). */
export class SnsClients extends Context.Service<SnsClients, ClientsByRegion<SNSClient>>()(
  "@personalize-ops/adapters-aws/sdk/Sns"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<SnsClients> = clientsLayer(SnsClients, (config) => new SNSClient(config))

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<SnsClients> =>
    clientsLayer(SnsClients, (config) => new SNSClient(config), options)
}
