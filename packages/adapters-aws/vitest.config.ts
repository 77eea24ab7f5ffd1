import { defineConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// The AWS SDK's "module" export condition points at extension-less ESM that Node cannot load when
// vitest externalises it; resolve the SDK as Node does ("node" condition → CommonJS build).
const conditions = ["@personalize-ops/source", "node", "development|production"]

export default defineConfig({
  ...sharedConfig,
  resolve: { ...sharedConfig.resolve, conditions },
  ssr: { ...sharedConfig.ssr, resolve: { conditions, externalConditions: conditions } }
})
