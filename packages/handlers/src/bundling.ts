import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
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
  plugins: [directModuleImportsPlugin],
  legalComments: "none" as const,
  metafile: true as const,
  logLevel: "warning" as const
})

/** The AWS SDK client packages (`client-…`) among a bundle's metafile inputs. */
export const sdkClientsOf = (inputs: { readonly [path: string]: unknown }): ReadonlyArray<string> =>
  [...new Set(Object.keys(inputs).flatMap((p) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(p)?.[1] ?? []))].sort()

// A barrel re-exports each module as a namespace (effect's index: `export * as Effect from "./Effect.js"`;
// core's: `export * as Monitoring from "./monitoring/index.ts"`), and a bundler keeps the whole of a
// namespace it cannot see through: `import { Effect } from "effect"` bundles every export of Effect.js
// (and of each module it names), `import * as Effect from "effect/Effect"` only what is used. Each
// barrel below names the module a namespace comes from; effect's few plain functions come from
// effect/Function.
const effectFunctionExports = new Set(["absurd", "cast", "flow", "hole", "identity", "pipe"])
const barrels: { readonly [barrel: string]: (name: string) => string } = {
  effect: (name) => (effectFunctionExports.has(name) ? "effect/Function" : `effect/${name}`),
  "@personalize-ops/core": (name) => `@personalize-ops/core/${name.charAt(0).toLowerCase()}${name.slice(1)}`
}
const barrelImport = /import\s*\{([^}]*)\}\s*from\s*"(effect|@personalize-ops\/core)"/g

/** A source's `import { A, type B, C as D } from "<barrel>"` as imports of the modules themselves. */
export const directModuleImports = (source: string): string =>
  source.replace(barrelImport, (_all, names: string, barrel: string) =>
    names
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "" && !n.startsWith("type "))
      .map((n) => {
        const [name, local = name] = n.split(/\s+as\s+/) as [string, string?]
        const module = (barrels[barrel] as (name: string) => string)(name)
        return module === "effect/Function"
          ? `import { ${name} as ${local} } from "effect/Function";`
          : `import * as ${local} from "${module}";`
      })
      .join(" ")
  )

// A bundler keeps every top-level call it cannot prove free of side effects, so each module-level
// `const f = Effect.fn("…")(function* …)` or `const S = Schema.Struct({…})` would stay in every bundle that
// imports anything from its module, used or not. These constructors only build values: marked pure, the
// bundler drops the unused ones.
const pureDefinition =
  /^((?:export )?const [A-Za-z_$][\w$]*(?:: [^=\n]+)? = )((?:Effect\.fn(?:Untraced)?|Schema\.[A-Za-z]+)\()/gm

/** A source's module-level `const x = Effect.fn(…)` / `Schema.X(…)` definitions marked `@__PURE__`. */
export const markPureDefinitions = (source: string): string => source.replace(pureDefinition, "$1/* @__PURE__ */ $2")

// A module that imports a CommonJS package gets its own interop copy of the package's exports (esbuild's
// `__toESM`: a getter per export; an SDK client has 150-700 exports and a copy costs about 1 ms at cold
// start). The AWS SDK clients are CommonJS and several modules of a bundle import the same client, so
// each workspace import of a client goes through one shared module per client (`sdkClientModule`) that
// re-exports it by name: a bundle copies each client's exports once, as a handler importing it once would.
const sdkClientNamespace = "personalize-ops-sdk-client"
const sdkClientImport = /(\bfrom\s*)"(@aws-sdk\/client-[a-z0-9-]+)"/g

/** A source's imports of AWS SDK clients as imports of the one shared module of each client. */
export const sharedSdkClientImports = (source: string): string =>
  source.replace(sdkClientImport, `$1"${sdkClientNamespace}:$2"`)

/** The shared module of an SDK client: every runtime export of the package, re-exported by name. */
export const sdkClientModule = (pkg: string, resolveDir: string): string => {
  const exports = createRequire(join(resolveDir, "index.js"))(pkg) as Record<string, unknown>
  const names = Object.keys(exports).filter((n) => n !== "default" && /^[A-Za-z_$][\w$]*$/.test(n))
  return `export { ${names.join(", ")} } from "${pkg}"`
}

/**
 * The part of esbuild's `Plugin` type this plugin uses, stated here so the handlers package does not
 * depend on esbuild (only whoever bundles does); esbuild accepts it as a `Plugin`.
 */
interface EsbuildPlugin {
  readonly name: string
  readonly setup: (build: {
    onResolve(
      options: { readonly filter: RegExp },
      callback: (args: { readonly path: string; readonly resolveDir: string }) => {
        path: string
        namespace: string
        pluginData: string
      }
    ): void
    onLoad(
      options: { readonly filter: RegExp; readonly namespace?: string },
      callback: (args: {
        readonly path: string
        readonly pluginData?: unknown
      }) => Promise<{ contents: string; loader: "ts" | "js"; resolveDir?: string }>
    ): void
  }) => void
}

/**
 * esbuild plugin: the workspace's TypeScript sources import effect's and core's modules directly in the
 * bundle (see directModuleImports), so a bundle holds only the parts of them it uses, and import each AWS
 * SDK client through one shared module (see sharedSdkClientImports). The sources keep the shorter imports.
 */
export const directModuleImportsPlugin: EsbuildPlugin = {
  name: "personalize-ops/direct-module-imports@4",
  setup: (build) => {
    build.onLoad({ filter: /\/packages\/[^/]+\/(src|testing)\/.*\.ts$/ }, async (args) => ({
      contents: sharedSdkClientImports(markPureDefinitions(directModuleImports(await readFile(args.path, "utf8")))),
      loader: "ts"
    }))
    build.onResolve({ filter: new RegExp(`^${sdkClientNamespace}:`) }, (args) => ({
      path: args.path.slice(sdkClientNamespace.length + 1),
      namespace: sdkClientNamespace,
      pluginData: args.resolveDir
    }))
    build.onLoad({ filter: /.*/, namespace: sdkClientNamespace }, async (args) => ({
      contents: sdkClientModule(args.path, args.pluginData as string),
      loader: "js",
      resolveDir: args.pluginData as string
    }))
  }
}
