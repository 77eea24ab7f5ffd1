import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from "@aws-sdk/client-dynamodb"

/**
 * The job read-model table. One table, every dashboard query a Query or GetItem:
 *
 * | item        | pk              | sk                    | purpose                                  |
 * |-------------|-----------------|-----------------------|------------------------------------------|
 * | job view    | `JOB#<jobId>`   | `VIEW`                | GetItem for the job page                 |
 * | day counter | `STATS`         | `D#<day>#<taskType>`  | Query by day range for the stats         |
 * | all time    | `STATS`         | `T#<taskType>`        | Query for the all-time stats             |
 * | ledger      | `STATS`         | `X#<expiry s>#<day>#<taskType>` | counts to take out when a job expires |
 *
 * Job items carry one GSI partition key per list filter (`gAll`, `gStatus`, `gType`, `gQueue`,
 * `gRegion`) and share the sort key `lsk` = `<createdAt, 15 digits>#<jobId>`: newest first is
 * `ScanIndexForward=false`, a time range is `lsk BETWEEN`. Array children and multi-node nodes also
 * carry `gParent` (a sparse index: the members of one job). A filter with several values queries each
 * value's partition and merges them by `lsk`. GSIs project only the summary and the filter
 * attributes, so listing never reads the full view (history, raw event), and nothing is ever scanned.
 * They also project the TTL attribute: a list leaves out jobs past it that DynamoDB has not removed yet.
 */
export const jobIndexes = {
  all: { name: "byCreated", partitionKey: "gAll" },
  status: { name: "byStatus", partitionKey: "gStatus" },
  taskType: { name: "byTaskType", partitionKey: "gType" },
  queue: { name: "byQueue", partitionKey: "gQueue" },
  region: { name: "byRegion", partitionKey: "gRegion" },
  parent: { name: "byParent", partitionKey: "gParent" }
} as const
export type JobIndex = keyof typeof jobIndexes

/** The list sort key attribute shared by every GSI. */
export const listSortKey = "lsk"
/** The TTL attribute (epoch seconds), set on finished jobs. */
export const ttlAttribute = "expiresAt"

/** CreateTable input for the job read model (on-demand capacity), for tests and IaC. */
export const jobsTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" }
  ],
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "S" },
    { AttributeName: listSortKey, AttributeType: "S" },
    ...Object.values(jobIndexes).map((i) => ({ AttributeName: i.partitionKey, AttributeType: "S" as const }))
  ],
  GlobalSecondaryIndexes: Object.values(jobIndexes).map((i) => ({
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.partitionKey, KeyType: "HASH" as const },
      { AttributeName: listSortKey, KeyType: "RANGE" as const }
    ],
    Projection: {
      ProjectionType: "INCLUDE" as const,
      NonKeyAttributes: ["summary", "status", "taskType", "queue", "region", ttlAttribute]
    }
  }))
})

/** UpdateTimeToLive input enabling expiry of old finished jobs (the stats drop them through the expiry ledger). */
export const jobsTableTtl = (tableName: string): UpdateTimeToLiveCommandInput => ({
  TableName: tableName,
  TimeToLiveSpecification: { Enabled: true, AttributeName: ttlAttribute }
})
