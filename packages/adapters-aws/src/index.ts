/** @personalize-ops/adapters-aws — AWS SDK v3 implementations of the core ports. */

export * from "./personalize/index.ts"
export * from "./sdk/index.ts"
