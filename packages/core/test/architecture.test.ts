import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

// The arrows of DESIGN.md: which package may import which. Anything else is a layering error.
const root = join(import.meta.dirname, "..", "..", "..")
const rules: Record<string, { readonly workspace: ReadonlyArray<string>; readonly external: RegExp }> = {
  core: { workspace: [], external: /^effect(\/|$)/ },
  "adapters-memory": { workspace: ["core"], external: /^(effect(\/|$)|node:)/ },
  "adapters-aws": { workspace: ["core"], external: /^(effect(\/|$)|node:|@aws-sdk\/|@smithy\/)/ },
  handlers: {
    workspace: ["core", "adapters-aws", "adapters-memory"],
    external: /^(effect(\/|$)|node:|@aws-sdk\/|@smithy\/|aws-lambda$)/
  },
  cli: {
    workspace: ["core", "adapters-aws", "adapters-memory", "handlers"],
    // aws-local-stepfunctions: `workflow run --local` executes the deployed state machine's ASL offline.
    external: /^(effect(\/|$)|node:|@aws-sdk\/|aws-local-stepfunctions$)/
  }
}

const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : []
  })

const importsOf = (text: string) =>
  [...text.matchAll(/(?:^|\s)(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string
  )

/** Lists every import in a package's src that breaks the rules. */
const violations = (pkg: string) => {
  const rule = rules[pkg]!
  const found: Array<string> = []
  for (const file of sourceFiles(join(root, "packages", pkg, "src"))) {
    const text = readFileSync(file, "utf8")
    const where = relative(root, file)
    for (const spec of importsOf(text)) {
      if (spec.startsWith(".")) continue
      const ws = /^@personalize-ops\/([^/]+)/.exec(spec)
      if (ws) {
        if (!rule.workspace.includes(ws[1]!)) found.push(`${where}: imports ${spec}`)
      } else if (!rule.external.test(spec)) found.push(`${where}: imports ${spec}`)
    }
    if (pkg === "core" && /\bprocess\.(env|argv|stdout|stdin|exit)\b|\bDate\.now\(\)/.test(text)) {
      found.push(`${where}: uses process or Date.now() (core is pure: use Clock and take config as input)`)
    }
  }
  return found
}

/**
 * Lists every import in a package's test/ and testing/ folders that reaches another package other than
 * through its package exports: a relative path leaving the package, or a workspace package below it
 * that the arrows do not allow (tools such as vitest and fast-check are free).
 */
const testViolations = (pkg: string) => {
  const rule = rules[pkg]!
  const pkgDir = join(root, "packages", pkg)
  const found: Array<string> = []
  const dirs = ["test", "testing"].map((d) => join(pkgDir, d)).filter((d) => existsSync(d))
  for (const file of dirs.flatMap(sourceFiles)) {
    const where = relative(root, file)
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const ws = /^@personalize-ops\/([^/]+)/.exec(spec)
      const outside = spec.startsWith(".") && relative(pkgDir, resolve(dirname(file), spec)).startsWith("..")
      if (outside || (ws && ws[1] !== pkg && !rule.workspace.includes(ws[1]!))) found.push(`${where}: imports ${spec}`)
    }
  }
  return found
}

describe("package layering (DESIGN.md arrows)", () => {
  for (const pkg of Object.keys(rules)) {
    it(`${pkg} imports only what it may`, () => {
      expect(violations(pkg)).toEqual([])
    })
    it(`${pkg}'s tests reach other packages only through their exports`, () => {
      expect(testViolations(pkg)).toEqual([])
    })
  }

  it("the check itself catches a forbidden import", () => {
    expect(importsOf(`import { X } from "@aws-sdk/client-personalize"\nexport * from "./a.ts"`)).toEqual([
      "@aws-sdk/client-personalize",
      "./a.ts"
    ])
    expect(rules.core!.external.test("@aws-sdk/client-personalize")).toBe(false)
    expect(rules.core!.external.test("node:fs")).toBe(false)
  })
})

// DESIGN.md: one contract suite per port, run against every adapter. A port is a `Context.Service` class in
// core; its suite is `core/testing/<port>Contract.ts`; an adapter package that implements the port (builds it
// with `Port.of(...)` or returns `Port["Service"]`) runs the suite from one of its tests.
const contractNames: Record<string, string> = {
  PersonalizeEvents: "putEvents",
  SolutionMetricsSource: "solutionMetrics"
}
const contractOf = (port: string) => contractNames[port] ?? port[0]!.toLowerCase() + port.slice(1)
const ports = sourceFiles(join(root, "packages", "core", "src")).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/export class (\w+) extends Context\.Service</g)].map((m) => m[1]!)
)
const implementsPort = (text: string, port: string) =>
  new RegExp(`\\b${port}\\.of\\(|\\)\\s*:\\s*[\\w.]*\\b${port}\\["Service"\\]`).test(text)

/** Lists the ports without a contract suite, and the adapter packages that implement a port without running its suite. */
const contractGaps = () => {
  const gaps: Array<string> = []
  for (const port of ports) {
    const contract = `${contractOf(port)}Contract`
    if (!existsSync(join(root, "packages", "core", "testing", `${contract}.ts`)))
      gaps.push(`${port}: no core/testing/${contract}.ts`)
    for (const pkg of ["adapters-memory", "adapters-aws"]) {
      const src = sourceFiles(join(root, "packages", pkg, "src")).filter((f) =>
        implementsPort(readFileSync(f, "utf8"), port)
      )
      if (src.length === 0) continue
      const runs = sourceFiles(join(root, "packages", pkg, "test")).some((f) =>
        readFileSync(f, "utf8").includes(`${contract}(`)
      )
      if (!runs) gaps.push(`${port}: ${pkg} implements it (${relative(root, src[0]!)}) but no test runs ${contract}`)
    }
  }
  return gaps
}

describe("ports and their contracts (DESIGN.md conventions)", () => {
  it("finds the ports and recognises an implementation", () => {
    expect(ports).toContain("Personalize")
    expect(ports).toContain("BatchActions")
    expect(implementsPort("Jobs.BatchActions.of({ retry, terminate })", "BatchActions")).toBe(true)
    expect(implementsPort('const make = (c: C): Maintenance.DataFreshness["Service"] & {', "DataFreshness")).toBe(true)
    expect(implementsPort("P.PersonalizeEvents.of({})", "Personalize")).toBe(false)
  })

  it("every port has a contract suite in core/testing, run by each adapter package that implements it", () => {
    expect(contractGaps()).toEqual([])
  })
})

// Installs are reproducible: every dependency a workspace declares names one version (peer ranges aside).
const workspaceManifests = [
  "package.json",
  ...["core", "adapters-memory", "adapters-aws", "handlers", "cli"].map((p) => `packages/${p}/package.json`),
  "examples/package.json",
  "examples/iac-cdk/package.json"
]
const unpinned = (manifest: { readonly [field: string]: unknown }, where: string) =>
  (["dependencies", "devDependencies", "optionalDependencies"] as const).flatMap((field) =>
    Object.entries((manifest[field] ?? {}) as Record<string, string>)
      .filter(([, version]) => !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
      .map(([name, version]) => `${where} ${field} ${name}@${version}`)
  )

describe("dependency versions", () => {
  it("every workspace pins its dependencies exactly", () => {
    const found = workspaceManifests
      .filter((m) => existsSync(join(root, m)))
      .flatMap((m) => unpinned(JSON.parse(readFileSync(join(root, m), "utf8")) as Record<string, unknown>, m))
    expect(found).toEqual([])
  })

  it("the check itself catches a range", () => {
    expect(unpinned({ dependencies: { a: "^1.2.3", b: "1.2.3" } }, "x")).toEqual(["x dependencies a@^1.2.3"])
  })
})

// docs/conventions.md "SDK clients": a client is built in one place, its service in adapters-aws/src/sdk,
// so every client gets the one retry policy (maxAttempts 1) and the handlers build none at import.
const clientConstruction = /\bnew\s+[A-Z][A-Za-z0-9]*Client\s*\(/
const clientsBuiltOutsideSdk = (files: ReadonlyArray<{ readonly where: string; readonly text: string }>) =>
  files.flatMap(({ where, text }) =>
    where.startsWith(join("packages", "adapters-aws", "src", "sdk")) || !clientConstruction.test(text) ? [] : [where]
  )

describe("SDK clients (docs/conventions.md)", () => {
  it("no SDK client is constructed outside adapters-aws/src/sdk", () => {
    const files = ["core", "adapters-memory", "adapters-aws", "handlers", "cli"].flatMap((pkg) =>
      sourceFiles(join(root, "packages", pkg, "src")).map((file) => ({
        where: relative(root, file),
        text: readFileSync(file, "utf8")
      }))
    )
    expect(clientsBuiltOutsideSdk(files)).toEqual([])
  })

  it("the check itself catches a client built elsewhere", () => {
    const text = "const client = new PersonalizeClient({ region })"
    expect(
      clientsBuiltOutsideSdk([
        { where: join("packages", "handlers", "src", "x.ts"), text },
        { where: join("packages", "adapters-aws", "src", "sdk", "PersonalizeClients.ts"), text }
      ])
    ).toEqual([join("packages", "handlers", "src", "x.ts")])
  })
})
