// Bundles the CLI for a fast start (`npm run build` runs it after tsc): `personalize-ops` runs
// dist-bundle/main.js. Loading effect's ~200 modules one file at a time is what made `help` slow; a
// few tree-shaken, minified files are several times faster to load (and bin/personalize-ops.js turns
// V8's compile cache on). Each command body's `await import(...)` becomes a chunk of its own, loaded
// only when that command runs; code shared by several is split into shared chunks. The AWS SDK stays
// external: a dependency loaded only by the bodies that call AWS.
import { rm } from "node:fs/promises"
import { join } from "node:path"
import { directModuleImportsPlugin } from "@personalize-ops/handlers/bundling"
import * as esbuild from "esbuild"

const root = join(import.meta.dirname, "..")
const outdir = join(root, "dist-bundle")
await rm(outdir, { recursive: true, force: true })
await esbuild.build({
  entryPoints: { main: join(root, "src", "main.ts") },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  target: "node22",
  format: "esm",
  minify: true,
  // Workspace packages from their sources: the bundle needs no other package built first.
  conditions: ["@personalize-ops/source"],
  // effect's and core's modules imported directly, not through their indexes (see directModuleImportsPlugin)
  plugins: [directModuleImportsPlugin],
  external: ["@aws-sdk/*", "@smithy/*"],
  legalComments: "none",
  logLevel: "warning",
  // A few CommonJS dependencies call require for Node built-ins; an ESM bundle has none.
  banner: {
    js: "import { createRequire as __personalizeOpsCreateRequire } from 'node:module'; const require = __personalizeOpsCreateRequire(import.meta.url);"
  }
})
