export * from "./AwsScheduler.ts"
