export * from "./serveTwin.ts"
