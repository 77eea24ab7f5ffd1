export * from "./entries.ts"
export * from "./render.ts"
