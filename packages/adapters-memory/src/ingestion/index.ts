export * from "./MemoryDeadLetter.ts"
export * from "./MemoryPersonalizeEvents.ts"
