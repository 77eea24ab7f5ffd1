import { SQSClient } from "@aws-sdk/client-sqs"
import { type Config, Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer, clientsLayerConfig } from "./clients.ts"

/** SQS SDK clients; the ingestion handlers send dead letters with the default region's. */
export class SqsClients extends Context.Service<SqsClients, ClientsByRegion<SQSClient>>()(
  "@personalize-ops/adapters-aws/sdk/Sqs"
) {
  /** Clients from the environment: `AWS_REGION` (default us-east-1) and an optional `SQS_ENDPOINT` (a local server). */
  static readonly layerConfig: Layer.Layer<SqsClients, Config.ConfigError> = clientsLayerConfig(
    SqsClients,
    (config) => new SQSClient(config),
    "SQS_ENDPOINT"
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<SqsClients> =>
    clientsLayer(SqsClients, (config) => new SQSClient(config), options)
}
