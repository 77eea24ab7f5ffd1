export * from "./definition.ts"
export * from "./stepHandler.ts"
