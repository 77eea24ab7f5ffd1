/**
 * @personalize-ops/core — the pure domain of personalize-ops and its ports. Each capability is a
 * sub-path export as well (`@personalize-ops/core/kernel`, …) so a Lambda handler imports only what it uses.
 */

export * as Config from "./config/index.ts"
export * as Emf from "./emf/index.ts"
export * as Ingestion from "./ingestion/index.ts"
export * as Input from "./input/index.ts"
export * as Jobs from "./jobs/index.ts"
export * as Kernel from "./kernel/index.ts"
export * as Maintenance from "./maintenance/index.ts"
export * as Monitoring from "./monitoring/index.ts"
export * as Notify from "./notify/index.ts"
export * as Personalize from "./personalize/index.ts"
export * as Provisioning from "./provisioning/index.ts"
export * as Workflow from "./workflow/index.ts"
