export type * from "./Deployment.ts"
