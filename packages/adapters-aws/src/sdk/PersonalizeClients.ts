import { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer } from "./clients.ts"

/** Amazon Personalize SDK clients, one per region (a resource's calls go to its ARN's region). */
export class PersonalizeClients extends Context.Service<PersonalizeClients, ClientsByRegion<PersonalizeClient>>()(
  "@personalize-ops/adapters-aws/sdk/Personalize"
) {
  /** Clients as the SDK resolves them (`AWS_REGION`, the default credential chain): the Lambda wiring. */
  static readonly layer: Layer.Layer<PersonalizeClients> = clientsLayer(
    PersonalizeClients,
    (config) => new PersonalizeClient(config)
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<PersonalizeClients> =>
    clientsLayer(PersonalizeClients, (config) => new PersonalizeClient(config), options)
}
