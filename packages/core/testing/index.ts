/**
 * Test kits for code built on the kernel: the EventStore contract every adapter runs, and a
 * given/when/then spec for deciders, generated ingestion records, and the Scheduler contract. Test-only (imports vitest and fast-check); not part of core's build.
 */

export * from "./corpus.ts"
export * from "./deciderSpec.ts"
export * from "./eventStoreContract.ts"
export * from "./ingestionRecords.ts"
export * from "./schedulerContract.ts"
