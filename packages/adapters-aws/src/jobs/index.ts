export * from "./AwsBatchActions.ts"
export * from "./DynamoJobReadModel.ts"
export * from "./jobsTable.ts"
