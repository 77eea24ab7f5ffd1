export * from "./MemoryScheduler.ts"
