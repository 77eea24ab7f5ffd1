// Test doubles for the AWS adapters (local servers on 127.0.0.1). Not part of the main index so
// that nothing in a Lambda bundle pulls in node:http.

export * from "./dynamoLocal.ts"
export * from "./fakeIngestionAws.ts"
export * from "./localAws.ts"
export * from "./localCloudWatch.ts"
export * from "./localScheduler.ts"
export * from "./localWorkflow.ts"
