import { defineConfig } from "vitest/config"

// The test suite Stryker runs against mutated core (stryker.config.mjs): core's own tests and
// adapters-memory's. adapters-memory's tests import core by its package name, which resolves (the
// "@personalize-ops/source" condition of vitest.shared.ts) to core's src/, the files Stryker mutates in
// place; so a mutant of core that only adapters-memory's tests reach (provisioning, the maintenance
// workflow, runMonitor…) is tested too, each project with its own vitest config.
export default defineConfig({
  test: { projects: ["./vitest.config.ts", "../adapters-memory/vitest.config.ts"] }
})
