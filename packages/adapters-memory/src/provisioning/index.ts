export * from "./simulate.ts"
