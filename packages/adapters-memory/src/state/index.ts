export * from "./localState.ts"
export * from "./openStateDatabase.ts"
export * from "./SqliteEventStore.ts"
export * from "./StateFileError.ts"
