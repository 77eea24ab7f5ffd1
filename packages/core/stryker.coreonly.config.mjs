// Mutation testing of core with core's OWN tests only (`npm run mutation:core -- --mutate 'src/config/**/*.ts'`).
// Fast per folder: the adapters-memory twin scenarios (in stryker.config.mjs's suite) take minutes a mutant.
// ignoreStatic: module-level mutants need every test re-run with a fresh import; they are counted as ignored.
import base from "./stryker.config.mjs"

export default {
  ...base,
  vitest: { configFile: "vitest.config.ts" },
  ignoreStatic: true,
  incrementalFile: "reports/mutation/coreonly-incremental.json",
  jsonReporter: { fileName: "reports/mutation/coreonly.json" }
}
