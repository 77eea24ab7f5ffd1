import { layerPersonalizeEvents, layerSqsDeadLetterFromConfig } from "@personalize-ops/adapters-aws/ingestion"
import { PersonalizeEventsClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeEventsClients"
import { SqsClients } from "@personalize-ops/adapters-aws/sdk/SqsClients"
import { Layer } from "effect"
import { IngestionSettings } from "./IngestionSettings.ts"

/**
 * The production wiring of both ingestion handlers: settings, PutEvents and the SQS dead letter,
 * all from the environment (the clients: `AWS_REGION`, optional `PERSONALIZE_EVENTS_ENDPOINT` and
 * `SQS_ENDPOINT`). Importing the adapters' `ingestion` sub-path and the two client services pulls in
 * only the personalize-events and SQS clients.
 */
export const layerIngestionAws = Layer.mergeAll(
  IngestionSettings.layer,
  layerPersonalizeEvents.pipe(Layer.provide(PersonalizeEventsClients.layerConfig)),
  layerSqsDeadLetterFromConfig.pipe(Layer.provide(SqsClients.layerConfig))
)
