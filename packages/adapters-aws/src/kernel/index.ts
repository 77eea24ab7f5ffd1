export * from "./DynamoEventStore.ts"
