export * from "./AwsPersonalize.ts"
