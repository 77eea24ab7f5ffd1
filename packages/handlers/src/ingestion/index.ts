// The entry modules (kinesisHandler.ts, segmentHandler.ts) are deliberately not re-exported: each is
// a bundler entry point that builds its runtime at module scope.
export * from "./emitMetrics.ts"
export * from "./IngestionSettings.ts"
export * from "./iam.ts"
export * from "./layerIngestionAws.ts"
export * from "./makeKinesisHandler.ts"
export * from "./makeSegmentHandler.ts"
