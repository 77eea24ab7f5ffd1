export * from "./MemoryScheduler.ts"
export * from "./simulateMaintenance.ts"
