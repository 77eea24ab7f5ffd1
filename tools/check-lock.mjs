// Fails clearly when package-lock.json is not the complete lock of the package.json files, before
// `npm ci` (which would refuse it with a less helpful message). Two checks:
//   1. offline: every workspace's declared dependencies are recorded in the lock as declared, each one
//      resolves to a locked package, and no entry names a registry url (`resolved`; .npmrc omits them);
//   2. `--regenerate`: `npm install --package-lock-only` in a scratch copy of the manifests yields the
//      same lock (a lock missing other platforms' optional binaries, say, is out of date).
// Fix either with: npm install --package-lock-only   (then commit package-lock.json)
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"

const root = join(import.meta.dirname, "..")
const read = (path) => JSON.parse(readFileSync(join(root, path), "utf8"))
const lockText = readFileSync(join(root, "package-lock.json"), "utf8")
const lock = JSON.parse(lockText)
const rootManifest = read("package.json")
const kinds = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
const problems = []

for (const dir of ["", ...rootManifest.workspaces]) {
  const manifest = read(join(dir, "package.json"))
  const locked = lock.packages?.[dir]
  if (locked === undefined) {
    problems.push(`${dir || "(root)"}: not in the lock`)
    continue
  }
  for (const kind of kinds) {
    const declared = manifest[kind] ?? {}
    const recorded = locked[kind] ?? {}
    for (const name of new Set([...Object.keys(declared), ...Object.keys(recorded)])) {
      const where = `${dir || "(root)"} ${kind} ${name}`
      if (declared[name] !== recorded[name])
        problems.push(
          `${where}: package.json says ${declared[name] ?? "nothing"}, the lock ${recorded[name] ?? "nothing"}`
        )
      else if (
        kind !== "peerDependencies" &&
        lock.packages[join(dir, "node_modules", name)] === undefined &&
        lock.packages[`node_modules/${name}`] === undefined
      )
        problems.push(`${where}: no locked package`)
    }
  }
}
for (const [path, entry] of Object.entries(lock.packages ?? {}))
  if (typeof entry.resolved === "string" && /^[a-z+]+:/.test(entry.resolved))
    problems.push(`${path}: "resolved" names a url (the lock must not; .npmrc has omit-lockfile-registry-resolved)`)

if (problems.length === 0 && process.argv.includes("--regenerate")) {
  const scratch = mkdtempSync(join(tmpdir(), "personalize-ops-lock-"))
  try {
    for (const file of [
      "package.json",
      "package-lock.json",
      ".npmrc",
      ...rootManifest.workspaces.map((w) => join(w, "package.json"))
    ]) {
      if (!existsSync(join(root, file))) continue
      mkdirSync(dirname(join(scratch, file)), { recursive: true })
      copyFileSync(join(root, file), join(scratch, file))
    }
    execFileSync(
      "npm",
      ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
      {
        cwd: scratch,
        stdio: ["ignore", "ignore", "inherit"]
      }
    )
    if (readFileSync(join(scratch, "package-lock.json"), "utf8") !== lockText)
      problems.push("npm install --package-lock-only changes the lock (entries missing or stale)")
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (problems.length > 0) {
  console.error(`package-lock.json is out of date:\n${problems.map((p) => `  ${p}`).join("\n")}`)
  console.error("fix: npm install --package-lock-only   (then commit package-lock.json)")
  process.exit(1)
}
