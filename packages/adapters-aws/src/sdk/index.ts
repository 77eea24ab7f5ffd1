export * from "./AwsCall.ts"
