export * from "./AwsCall.ts"
export * from "./DynamoDb.ts"
