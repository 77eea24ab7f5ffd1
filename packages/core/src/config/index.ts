export type * from "./Deployment.ts"
export * from "./decodeConfig.ts"
