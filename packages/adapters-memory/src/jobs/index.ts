export * from "./demoEvents.ts"
export * from "./MemoryBatchActions.ts"
export * from "./MemoryJobReadModel.ts"
