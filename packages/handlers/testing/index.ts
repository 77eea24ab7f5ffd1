/** Test kits of @personalize-ops/handlers. */
export * from "./bundles.ts"
export * from "./deployment.ts"
