export * from "./MemoryEventStore.ts"
