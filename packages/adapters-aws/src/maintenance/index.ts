export * from "./AwsScheduler.ts"
export * from "./AwsSolutionMetrics.ts"
export * from "./S3DataFreshness.ts"
