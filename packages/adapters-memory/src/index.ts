/** @personalize-ops/adapters-memory — in-memory implementations of every core port (the offline default). */

export * from "./jobs/index.ts"
export * from "./kernel/index.ts"
