/** Test kits of @personalize-ops/handlers. */
export * from "./bundles.ts"
