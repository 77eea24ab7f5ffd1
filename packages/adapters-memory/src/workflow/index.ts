export * from "./MemoryConfigBucket.ts"
export * from "./MemoryExecutions.ts"
