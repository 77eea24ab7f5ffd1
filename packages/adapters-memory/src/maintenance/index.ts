export * from "./MemoryDataFreshness.ts"
export * from "./MemoryScheduler.ts"
export * from "./simulateMaintenance.ts"
