import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../provisioning/args.ts"
import { isFaultProfile, simulateEntry } from "../provisioning/entries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

/** `personalize-ops simulate <config> [--seed N] [--faults none|light|heavy] [--json]` */
export const simulate: Command = {
  path: ["simulate"],
  usage: "simulate <config> [--seed N] [--faults none|light|heavy] [--json]",
  summary: "provision the config on the in-memory Personalize twin under virtual time; timeline and final resources",
  run: async (args, io) => {
    const { positionals, flags, error } = parseArgs(args, ["json"])
    const path = positionals[0]
    const seedText = flags.get("seed")
    const seed = typeof seedText === "string" ? Number(seedText) : 1
    const faults = flags.get("faults") ?? "none"
    const problem =
      error ??
      (path === undefined || positionals.length > 1
        ? "expected exactly one config path"
        : !Number.isSafeInteger(seed)
          ? `--seed must be an integer, got ${String(seedText)}`
          : typeof faults !== "string" || !isFaultProfile(faults)
            ? "--faults must be none, light or heavy"
            : undefined)
    if (problem !== undefined || path === undefined || typeof faults !== "string" || !isFaultProfile(faults)) {
      io.stderr(`personalize-ops simulate: ${problem}\nusage: personalize-ops ${simulate.usage}\n`)
      return ExitCode.Usage
    }
    const loaded = await loadDeployment("simulate", path, io)
    if ("exit" in loaded) return loaded.exit
    return simulateEntry(loaded.deployment, { seed, faults, json: flags.get("json") === true }, io)
  }
}
