import { PersonalizeEventsClient } from "@aws-sdk/client-personalize-events"
import { type Config, Context, type Layer } from "effect"
import { type AwsClientOptions, type ClientsByRegion, clientsLayer, clientsLayerConfig } from "./clients.ts"

/** Amazon Personalize Events (PutEvents, PutUsers, PutItems) SDK clients; the ingestion handlers use the default region's. */
export class PersonalizeEventsClients extends Context.Service<
  PersonalizeEventsClients,
  ClientsByRegion<PersonalizeEventsClient>
>()("@personalize-ops/adapters-aws/sdk/PersonalizeEvents") {
  /** Clients from the environment: `AWS_REGION` (default us-east-1) and an optional `PERSONALIZE_EVENTS_ENDPOINT` (a local server). */
  static readonly layerConfig: Layer.Layer<PersonalizeEventsClients, Config.ConfigError> = clientsLayerConfig(
    PersonalizeEventsClients,
    (config) => new PersonalizeEventsClient(config),
    "PERSONALIZE_EVENTS_ENDPOINT"
  )

  /** Clients with chosen settings (a local server's endpoint and credentials, a default region). */
  static readonly layerOptions = (options: AwsClientOptions): Layer.Layer<PersonalizeEventsClients> =>
    clientsLayer(PersonalizeEventsClients, (config) => new PersonalizeEventsClient(config), options)
}
