#!/usr/bin/env node
// The `personalize-ops` command. npm links this file when it installs the package, before anything is
// built, so it is committed (with its exec bit) rather than generated. It runs the bundled CLI
// (dist-bundle/main.js, written by `npm run build`: one file to load instead of ~200 of effect's, and
// V8's compile cache on, so `help` starts fast), unless that is missing or older than a source file of
// the workspace, as in a checkout right after `npm install` or an edit: then it runs the TypeScript
// sources directly (Node ≥ 22.18 strips types; the workspace packages resolve to their sources too).
// So `npx personalize-ops` works in a fresh clone.
import { existsSync, readdirSync, statSync } from "node:fs"
import module from "node:module"
import { fileURLToPath } from "node:url"

module.enableCompileCache?.()

const built = new URL("../dist-bundle/main.js", import.meta.url)
const sources = new URL("../src/", import.meta.url)
// Node strips types only outside node_modules: an installed package always runs its build.
const canRunSources =
  !import.meta.url.includes("/node_modules/") &&
  existsSync(sources) &&
  typeof module.registerHooks === "function" &&
  process.features.typescript !== false
// The bundle holds this package's sources and those of the workspace packages it uses.
const workspaceSources = ["cli", "core", "adapters-memory", "adapters-aws", "handlers"].map((p) =>
  fileURLToPath(new URL(`../../${p}/src/`, import.meta.url))
)
const newest = (dir) => {
  let at = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) at = Math.max(at, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs)
  return at
}
const stale = () => Math.max(...workspaceSources.filter((dir) => existsSync(dir)).map(newest)) > statSync(built).mtimeMs

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
