// layerJobsAws.ts and layerJobsEventsAws.ts are deliberately not re-exported: they pull in the Batch and DynamoDB clients, and the
// CLI serves this router on memory adapters. Lambda entry modules import it directly.
export * from "./apiGatewayV2.ts"
export * from "./format.ts"
export * from "./html.ts"
export * from "./iam.ts"
export * from "./JobsSettings.ts"
export * from "./makeJobsEventsHandler.ts"
export * from "./makeJobsHttpHandler.ts"
export * from "./pages.ts"
export * from "./router.ts"
