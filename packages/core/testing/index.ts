/**
 * Test kits: one contract suite per port (`<port>Contract.ts`), run by every adapter's tests with one
 * line; a given/when/then spec for deciders; generated ingestion records and the payload corpus; test configs
 * (`mlopsConfig`, the standard schemas).
 * Test-only (imports vitest and fast-check); not part of core's build.
 */

export * from "./alarmsContract.ts"
export * from "./batchActionsContract.ts"
export * from "./configBucketContract.ts"
export * from "./corpus.ts"
export * from "./dashboardsContract.ts"
export * from "./dataFreshnessContract.ts"
export * from "./dataSourceContract.ts"
export * from "./deadLetterContract.ts"
export * from "./deciderSpec.ts"
export * from "./eventBusContract.ts"
export * from "./eventStoreContract.ts"
export * from "./executionsContract.ts"
export * from "./ingestionRecords.ts"
export * from "./jobActionsContract.ts"
export * from "./jobReadModelContract.ts"
export * from "./metricsContract.ts"
export * from "./mlopsConfig.ts"
export * from "./notificationsContract.ts"
export * from "./personalizeContract.ts"
export * from "./putEventsContract.ts"
export * from "./putRecordsContract.ts"
export * from "./schedulerContract.ts"
export * from "./solutionMetricsContract.ts"
