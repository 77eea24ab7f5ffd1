/** @personalize-ops/handlers — Lambda entry points and Step Functions definitions. */

export * as JobsHandlers from "./jobs/index.ts"
