import { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import { RemovalPolicy } from "aws-cdk-lib"
import * as dynamodb from "aws-cdk-lib/aws-dynamodb"
import { Construct } from "constructs"

const attributeType = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY
}

/**
 * The DynamoDB event store table, translated from `eventStoreTableDefinition` (the adapter's own
 * CreateTable input) so keys and indexes never drift from what the store queries. On-demand billing;
 * no TTL (the log is the source of truth); point-in-time recovery on; kept when the stack is deleted.
 */
export class EventStoreTable extends Construct {
  readonly table: dynamodb.Table

  constructor(scope: Construct, id: string) {
    super(scope, id)
    // The CloudFormation name is left to CDK; the adapter reads the real one from EVENT_STORE_TABLE.
    const definition = eventStoreTableDefinition("placeholder")
    const attribute = (name: string | undefined): dynamodb.Attribute => {
      const found = definition.AttributeDefinitions?.find((a) => a.AttributeName === name)
      if (found?.AttributeName === undefined || found.AttributeType === undefined)
        throw new Error(`eventStoreTableDefinition: no attribute definition for ${name}`)
      return { name: found.AttributeName, type: attributeType[found.AttributeType] }
    }
    const keys = (
      schema: ReadonlyArray<{ AttributeName?: string | undefined; KeyType?: string | undefined }> | undefined
    ) => {
      const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName
      const range = schema?.find((k) => k.KeyType === "RANGE")?.AttributeName
      return { partitionKey: attribute(hash), ...(range === undefined ? {} : { sortKey: attribute(range) }) }
    }
    if (definition.BillingMode !== "PAY_PER_REQUEST") throw new Error("the event store table is on-demand")
    this.table = new dynamodb.Table(this, "Table", {
      ...keys(definition.KeySchema),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN
    })
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (index.IndexName === undefined) continue
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        ...keys(index.KeySchema),
        projectionType:
          index.Projection?.ProjectionType === "KEYS_ONLY"
            ? dynamodb.ProjectionType.KEYS_ONLY
            : dynamodb.ProjectionType.ALL
      })
    }
  }
}
