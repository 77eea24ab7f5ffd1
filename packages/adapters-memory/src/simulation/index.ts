export * from "./seededRandom.ts"
