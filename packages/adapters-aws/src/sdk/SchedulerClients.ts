import { SchedulerClient } from "@aws-sdk/client-scheduler"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** EventBridge Scheduler SDK clients, one per region. */
export class SchedulerClients extends Context.Service<SchedulerClients, ClientsByRegion<SchedulerClient>>()(
  "@personalize-ops/adapters-aws/sdk/Scheduler"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<SchedulerClients> = clientsLayer(
    SchedulerClients,
    (config) => new SchedulerClient(config)
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<SchedulerClients> =>
    clientsLayer(SchedulerClients, (config) => new SchedulerClient(config), options)
}
