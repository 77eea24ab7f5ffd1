/** @personalize-ops/handlers — Lambda entry points and Step Functions definitions. */

export * from "./entries.ts"
export * from "./entriesMarkdown.ts"
export * from "./iam.ts"
export * as IngestionHandlers from "./ingestion/index.ts"
export * as JobsHandlers from "./jobs/index.ts"
export * from "./logging.ts"
export * as MaintenanceHandlers from "./maintenance/index.ts"
export * as MonitoringHandlers from "./monitoring/index.ts"
export * as ProvisioningHandlers from "./provisioning/index.ts"
export * from "./runtime.ts"
export * from "./settings.ts"
