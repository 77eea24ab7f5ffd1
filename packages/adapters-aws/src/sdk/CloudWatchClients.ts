import { CloudWatchClient } from "@aws-sdk/client-cloudwatch"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** CloudWatch SDK clients, one per region (alarms and metrics in the resource's region, dashboards in the home region). */
export class CloudWatchClients extends Context.Service<CloudWatchClients, ClientsByRegion<CloudWatchClient>>()(
  "@personalize-ops/adapters-aws/sdk/CloudWatch"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<CloudWatchClients> = clientsLayer(
    CloudWatchClients,
    (config) => new CloudWatchClient(config)
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<CloudWatchClients> =>
    clientsLayer(CloudWatchClients, (config) => new CloudWatchClient(config), options)
}
