import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// Tests resolve workspace packages to their TypeScript sources (the "@personalize-ops/source"
// export condition), so a change in core is seen by adapter tests without a rebuild.
const conditions = ["@personalize-ops/source", ...defaultServerConditions]
// vitest passes the SSR conditions to Node as --conditions: "module" would make Node load the AWS SDK's
// dist-es builds, whose extensionless imports it cannot resolve.
const ssrConditions = conditions.filter((c) => c !== "module")

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ssrConditions } },
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: true,
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
