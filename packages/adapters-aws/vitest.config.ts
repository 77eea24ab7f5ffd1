import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// The DynamoDB adapters are tested against DynamoDB Local, started once for the run.
export default mergeConfig(
  sharedConfig,
  defineConfig({ test: { globalSetup: ["test/support/dynamoLocal.globalSetup.ts"] } })
)
