import { layerPersonalizeEventsFromConfig, layerSqsDeadLetterFromConfig } from "@personalize-ops/adapters-aws/ingestion"
import { Layer } from "effect"
import { IngestionSettings } from "./IngestionSettings.ts"

/**
 * The production wiring of both ingestion handlers: settings, PutEvents and the SQS dead letter,
 * all from the environment. Importing the adapters' `ingestion` sub-path pulls in only the
 * personalize-events and SQS clients.
 */
export const layerIngestionAws = Layer.mergeAll(
  IngestionSettings.layer,
  layerPersonalizeEventsFromConfig,
  layerSqsDeadLetterFromConfig
)
