import { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import { RemovalPolicy } from "aws-cdk-lib"
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb"
import { Construct } from "constructs"
import { tableFromDefinition } from "./DefinedTable.ts"

/**
 * The DynamoDB event store table, translated from `eventStoreTableDefinition` (the adapter's own
 * CreateTable input). On-demand billing; no TTL (the log is the source of truth); point-in-time
 * recovery on; kept when the stack is deleted.
 */
export class EventStoreTable extends Construct {
  readonly table: dynamodb.Table

  constructor(scope: Construct, id: string) {
    super(scope, id)
    // The CloudFormation name is left to CDK; the adapter reads the real one from EVENT_STORE_TABLE.
    this.table = tableFromDefinition(this, eventStoreTableDefinition("EventStore"), {
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN
    })
  }
}
