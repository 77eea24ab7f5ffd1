import { awsRegion, type EnvVar, entry, type LambdaEntry, resource } from "../LambdaEntry.ts"
import { kinesisIngestionIamStatements, segmentIngestionIamStatements } from "./iam.ts"

const ingestionEnv: ReadonlyArray<EnvVar> = [
  { name: "PERSONALIZE_TRACKING_ID", required: true, description: "the event tracker's tracking id" },
  {
    name: "DEAD_LETTER_QUEUE_URL",
    required: true,
    description: "SQS queue URL for invalid and undeliverable records",
    from: resource("deadLetterQueue", "url")
  },
  { name: "INGESTION_RULES", required: false, description: "mapping rules JSON (default: the seed's rules)" },
  {
    name: "USERS_DATASET_ARN",
    required: false,
    description: "the Users dataset PutUsers writes (required when the rules map users)"
  },
  {
    name: "ITEMS_DATASET_ARN",
    required: false,
    description: "the Items dataset PutItems writes (required when the rules map items)"
  },
  { name: "INGESTION_CONCURRENCY", required: false, description: "sessions sent at once, 1–64 (default 4)" },
  { name: "METRICS_NAMESPACE", required: false, description: "EMF namespace (default PersonalizeOps/Ingestion)" },
  awsRegion
]

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
