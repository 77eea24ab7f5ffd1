import { defaultServerConditions } from "vite"
import { defineConfig } from "vitest/config"

// Tests resolve workspace packages to their TypeScript sources (the "@personalize-ops/source"
// export condition), so a change in core is seen by adapter tests without a rebuild.
const conditions = ["@personalize-ops/source", ...defaultServerConditions]
// Dependencies left to Node (node_modules) must resolve as Node resolves them: the "module" condition
// would pick the AWS SDK's dist-es build, whose extensionless imports Node cannot load.
const nodeConditions = conditions.filter((c) => c !== "module")

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: nodeConditions, externalConditions: nodeConditions } },
  test: {
    include: ["test/**/*.test.ts"],
    passWithNoTests: true,
    // The JSON report feeds the one-line summary that tools/test.sh prints at the end.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    // Limits only for a hang: on a busy two-core machine a test may run many times slower than alone,
    // and no test may fail for that (performance is measured in `npm run bench`, not asserted).
    testTimeout: 300_000,
    hookTimeout: 600_000
  }
})
