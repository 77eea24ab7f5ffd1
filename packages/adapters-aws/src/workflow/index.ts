export * from "./S3ConfigBucket.ts"
export * from "./SfnExecutions.ts"
