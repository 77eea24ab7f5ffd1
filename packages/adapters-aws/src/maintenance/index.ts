export * from "./AwsScheduler.ts"
export * from "./AwsSolutionMetrics.ts"
