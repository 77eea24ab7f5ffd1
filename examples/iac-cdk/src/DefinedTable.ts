import type { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import * as dynamodb from "aws-cdk-lib/aws-dynamodb"
import type { Construct } from "constructs"

type CreateTableCommandInput = ReturnType<typeof eventStoreTableDefinition>

const attributeType = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY
}

/**
 * A `Table` (id `Table`) translated from an adapter's own CreateTable input, so keys and indexes never
 * drift from what the adapter queries. The definition must be on-demand; `props` adds what CreateTable
 * does not say (TTL, recovery, removal policy).
 */
export const tableFromDefinition = (
  scope: Construct,
  definition: CreateTableCommandInput,
  props: Pick<dynamodb.TableProps, "pointInTimeRecoverySpecification" | "removalPolicy" | "timeToLiveAttribute">
): dynamodb.Table => {
  const attribute = (name: string | undefined): dynamodb.Attribute => {
    const found = definition.AttributeDefinitions?.find((a) => a.AttributeName === name)
    if (found?.AttributeName === undefined || found.AttributeType === undefined)
      throw new Error(`${definition.TableName}: no attribute definition for ${name}`)
    return { name: found.AttributeName, type: attributeType[found.AttributeType] }
  }
  const keys = (
    schema: ReadonlyArray<{ AttributeName?: string | undefined; KeyType?: string | undefined }> | undefined
  ) => {
    const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName
    const range = schema?.find((k) => k.KeyType === "RANGE")?.AttributeName
    return { partitionKey: attribute(hash), ...(range === undefined ? {} : { sortKey: attribute(range) }) }
  }
  if (definition.BillingMode !== "PAY_PER_REQUEST") throw new Error(`${definition.TableName} is on-demand`)
  const table = new dynamodb.Table(scope, "Table", {
    ...keys(definition.KeySchema),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    ...props
  })
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (index.IndexName === undefined) continue
    const projection = index.Projection
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      ...keys(index.KeySchema),
      ...(projection?.ProjectionType === "KEYS_ONLY"
        ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
        : projection?.ProjectionType === "INCLUDE"
          ? {
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...(projection.NonKeyAttributes ?? [])]
            }
          : { projectionType: dynamodb.ProjectionType.ALL })
    })
  }
  return table
}
