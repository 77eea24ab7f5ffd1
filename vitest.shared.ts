import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// Tests resolve workspace packages to their TypeScript sources (the "@personalize-ops/source"
// export condition), so a change in core is seen by adapter tests without a rebuild.
const conditions = ["@personalize-ops/source", ...defaultServerConditions]

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: true,
    // The JSON report feeds the one-line summary that tools/test.sh prints at the end.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
