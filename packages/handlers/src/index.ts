/** @personalize-ops/handlers — Lambda entry points and Step Functions definitions. */
export * as MonitoringHandlers from "./monitoring/index.ts"
