import { EventBridgeClient } from "@aws-sdk/client-eventbridge"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** EventBridge SDK clients, one per region (events go to the bus of the resource's region). */
export class EventBridgeClients extends Context.Service<EventBridgeClients, ClientsByRegion<EventBridgeClient>>()(
  "@personalize-ops/adapters-aws/sdk/EventBridge"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<EventBridgeClients> = clientsLayer(
    EventBridgeClients,
    (config) => new EventBridgeClient(config)
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<EventBridgeClients> =>
    clientsLayer(EventBridgeClients, (config) => new EventBridgeClient(config), options)
}
