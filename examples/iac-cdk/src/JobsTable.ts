import { jobsTableDefinition, jobsTableTtl } from "@personalize-ops/adapters-aws/jobs"
import { RemovalPolicy } from "aws-cdk-lib"
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb"
import { Construct } from "constructs"
import { tableFromDefinition } from "./DefinedTable.ts"

/**
 * The jobs read model, translated from `jobsTableDefinition` with the TTL of `jobsTableTtl`. It is a
 * projection of the event store (rebuildable), so it is deleted with the stack and has no backups.
 */
export class JobsTable extends Construct {
  readonly table: dynamodb.Table

  constructor(scope: Construct, id: string) {
    super(scope, id)
    const ttl = jobsTableTtl("Jobs").TimeToLiveSpecification
    if (ttl?.Enabled !== true || ttl.AttributeName === undefined) throw new Error("jobsTableTtl enables no TTL")
    this.table = tableFromDefinition(this, jobsTableDefinition("Jobs"), {
      timeToLiveAttribute: ttl.AttributeName,
      removalPolicy: RemovalPolicy.DESTROY
    })
  }
}
