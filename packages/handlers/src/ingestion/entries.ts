import { entry, type LambdaEntry } from "../LambdaEntry.ts"
import { ingestionEnv } from "./IngestionSettings.ts"
import { kinesisIngestionIamStatements, segmentIngestionIamStatements } from "./iam.ts"

/** The ingestion rows of the entries table. */
export const ingestionEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "ingestion-kinesis",
    capability: "ingestion",
    module: "ingestion/kinesisHandler.ts",
    export: "handler",
    description: "Segment events from Kinesis → validated, mapped, batched PutEvents; bad records to the DLQ",
    env: ingestionEnv,
    triggers: [
      {
        _tag: "Kinesis",
        stream: "ingestionStream",
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        batchSize: 500,
        maxBatchingWindowSeconds: 1,
        // From the oldest record kept: records written before the mapping existed are not lost.
        startingPosition: "TRIM_HORIZON"
      }
    ],
    sdkClients: ["client-personalize-events", "client-sqs"],
    resources: ["ingestionStream", "deadLetterQueue"],
    iam: (a, scopes) =>
      kinesisIngestionIamStatements({
        streamArn: a.ingestionStream,
        deadLetterQueueArn: a.deadLetterQueue,
        datasetArns: scopes.ingestionDatasetArns
      }),
    timeoutSeconds: 60,
    memoryMb: 512
  }),
  entry({
    name: "ingestion-segment",
    capability: "ingestion",
    module: "ingestion/segmentHandler.ts",
    export: "handler",
    description: "Segment's direct Lambda destination: one event → PutEvents; fails only when Segment must retry",
    env: ingestionEnv,
    triggers: [{ _tag: "Invoke", by: "Segment's Lambda destination (the IAM role Segment assumes)" }],
    sdkClients: ["client-personalize-events", "client-sqs"],
    resources: ["deadLetterQueue"],
    iam: (a, scopes) =>
      segmentIngestionIamStatements({
        deadLetterQueueArn: a.deadLetterQueue,
        datasetArns: scopes.ingestionDatasetArns
      }),
    timeoutSeconds: 10,
    memoryMb: 256
  })
]
