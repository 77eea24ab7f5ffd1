import { SFNClient } from "@aws-sdk/client-sfn"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** Step Functions SDK clients, one per region (a state machine's region). */
export class SfnClients extends Context.Service<SfnClients, ClientsByRegion<SFNClient>>()(
  "@personalize-ops/adapters-aws/sdk/Sfn"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<SfnClients> = clientsLayer(SfnClients, (config) => new SFNClient(config))

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<SfnClients> =>
    clientsLayer(SfnClients, (config) => new SFNClient(config), options)
}
