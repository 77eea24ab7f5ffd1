// Mutation testing of core (`npm run mutation` at the root; README "Mutation testing").
// inPlace: the tests import core through its package name ("@personalize-ops/core…"), which a Stryker
// sandbox would resolve back to the unmutated sources through the workspace link; so Stryker instruments
// src/ in place and restores it when the run ends (do not edit src/ while it runs).
// concurrency 1: the run shares a small machine; a full run takes a day or more (see README).
export default {
  testRunner: "vitest",
  // core's tests and adapters-memory's (vitest.stryker.config.ts): much of core is tested through the memory
  // adapters; `--testFiles 'test/**'` limits a run to core's own tests.
  vitest: { configFile: "vitest.stryker.config.ts" },
  coverageAnalysis: "perTest",
  mutate: ["src/**/*.ts"],
  inPlace: true,
  concurrency: 1,
  timeoutMS: 10_000,
  // The first run of all core tests on one worker (for per-test coverage) takes minutes on a busy machine.
  dryRunTimeoutMinutes: 60,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incrementalFile: "reports/mutation/stryker-incremental.json",
  clearTextReporter: { allowColor: false, logTests: false },
  // break stays unset until a full run reaches the target (85): then set break: 85 (README "Mutation testing").
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp"
}
