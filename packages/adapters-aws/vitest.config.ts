import { defineConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// As the shared config, minus the "module" condition: the AWS SDK's "module" entry (dist-es) uses
// extension-less imports that Node cannot load as an external, so the SDK resolves to dist-cjs here.
const conditions = ["@personalize-ops/source", "node", "development|production"]

export default defineConfig({
  ...sharedConfig,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } }
})
