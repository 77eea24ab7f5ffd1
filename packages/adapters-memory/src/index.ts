/** @personalize-ops/adapters-memory — in-memory implementations of every core port (the offline default). */

export * from "./ingestion/index.ts"
export * from "./jobs/index.ts"
export * from "./kernel/index.ts"
export * from "./maintenance/index.ts"
export * from "./monitoring/index.ts"
export * from "./personalize/index.ts"
export * from "./provisioning/index.ts"
export * from "./simulation/index.ts"
export * from "./state/index.ts"
export * from "./twinServer/index.ts"
export * from "./workflow/index.ts"
