#!/usr/bin/env node
// The `personalize-ops` command. npm links this file when it installs the package, before anything is
// built, so it is committed (with its exec bit) rather than generated. It runs the built CLI
// (dist/main.js), unless that is missing or older than a source file, as in a checkout right after
// `npm install` or an edit: then it runs the TypeScript sources directly (Node ≥ 22.18 strips types; the
// workspace packages resolve to their sources too). So `npx personalize-ops` works in a fresh clone.
import { existsSync, readdirSync, statSync } from "node:fs"
import module from "node:module"

const built = new URL("../dist/main.js", import.meta.url)
const sources = new URL("../src/", import.meta.url)
// Node strips types only outside node_modules: an installed package always runs its build.
const canRunSources =
  !import.meta.url.includes("/node_modules/") &&
  existsSync(sources) &&
  typeof module.registerHooks === "function" &&
  process.features.typescript !== false
// tsc -b leaves an output file untouched when its content did not change, so the build's time is that
// of its newest file (its .tsbuildinfo is rewritten on every build that saw a change), not main.js's.
const newest = (dir) =>
  readdirSync(dir, { recursive: true }).reduce((at, f) => {
    const entry = statSync(new URL(f, dir))
    return entry.isFile() ? Math.max(at, entry.mtimeMs) : at
  }, 0)
const stale = () => newest(sources) > newest(new URL("../dist/", import.meta.url))

if (existsSync(built) && !(canRunSources && stale())) await import(built.href)
else if (canRunSources) {
  module.registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, { ...context, conditions: ["@personalize-ops/source", ...context.conditions] })
  })
  await import(new URL("main.ts", sources).href)
} else {
  process.stderr.write("personalize-ops: not built: run `npm run build` in the repository first\n")
  process.exitCode = 2
}
