// Only what imports no SDK client package: each client service is its own module
// (`@personalize-ops/adapters-aws/sdk/<Service>`), so a bundle holds only the clients it uses.
export * from "./AwsCall.ts"
export * from "./clients.ts"
export * from "./DynamoDb.ts"
