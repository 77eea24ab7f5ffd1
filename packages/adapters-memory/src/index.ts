/** @personalize-ops/adapters-memory — in-memory implementations of every core port (the offline default). */
export * from "./kernel/index.ts"
export * from "./personalize/index.ts"
export * from "./provisioning/index.ts"
