/** @personalize-ops/adapters-aws — AWS SDK v3 implementations of the core ports. */

export * from "./ingestion/index.ts"
export * from "./jobs/index.ts"
export * from "./kernel/index.ts"
export * from "./maintenance/index.ts"
export * from "./monitoring/index.ts"
export * from "./personalize/index.ts"
export * from "./sdk/index.ts"
export * from "./workflow/index.ts"
