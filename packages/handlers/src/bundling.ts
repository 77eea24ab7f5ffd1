import { join } from "node:path"
import type { LambdaEntry } from "./entries.ts"

/** The handlers package's root folder (this file is `src/bundling.ts` or `dist/bundling.js`). */
export const handlersRoot = join(import.meta.dirname, "..")

// An ESM bundle has no `require`; a few CommonJS dependencies call it for Node built-ins.
const requireBanner =
  "import { createRequire as __personalizeOpsCreateRequire } from 'node:module'; " +
  "const require = __personalizeOpsCreateRequire(import.meta.url);"

/**
 * esbuild options that bundle `entry` into `<outdir>/index.mjs` for the Node 22 Lambda runtime. The AWS
 * SDK is bundled (not left to the runtime's copy) so the bundle is self-contained and pinned, and only
 * the clients the entry imports end up in it. Workspace packages resolve to their TypeScript sources,
 * so no build is needed first.
 */
export const bundleOptions = (entry: LambdaEntry, outdir: string) => ({
  entryPoints: { index: join(handlersRoot, "src", entry.module) },
  outdir,
  bundle: true,
  platform: "node" as const,
  target: "node22",
  format: "esm" as const,
  minify: true,
  sourcemap: true,
  outExtension: { ".js": ".mjs" },
  banner: { js: requireBanner },
  conditions: ["@personalize-ops/source"],
  legalComments: "none" as const,
  metafile: true as const,
  logLevel: "warning" as const
})

/** The AWS SDK client packages (`client-…`) among a bundle's metafile inputs. */
export const sdkClientsOf = (inputs: { readonly [path: string]: unknown }): ReadonlyArray<string> =>
  [...new Set(Object.keys(inputs).flatMap((p) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(p)?.[1] ?? []))].sort()
