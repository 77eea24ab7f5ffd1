export * from "./renderEmf.ts"
