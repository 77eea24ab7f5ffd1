export * from "./AwsPersonalize.ts"
export * from "./commands.ts"
export * from "./decode.ts"
export * from "./kindSpecs.ts"
