import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../flags.ts"
import { isFaultProfile, simulateEntry } from "../provisioning/entries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

/** `personalize-ops simulate <config> [--days N] [--seed N] [--faults none|light|heavy] [--json]` */
export const simulate: Command = {
  path: ["simulate"],
  usage: "simulate <config> [--days N] [--seed N] [--faults none|light|heavy] [--json]",
  summary:
    "provision the config on the in-memory Personalize twin under virtual time; timeline and final resources; --days N then runs every schedule for N days",
  run: async (args, io) => {
    const parsed = parseArgs(args, { values: ["seed", "faults", "days"], switches: ["json"] })
    const seedText = typeof parsed === "string" ? undefined : parsed.values.get("seed")
    const seed = seedText === undefined ? 1 : Number(seedText)
    const faults = typeof parsed === "string" ? "none" : (parsed.values.get("faults") ?? "none")
    const daysText = typeof parsed === "string" ? undefined : parsed.values.get("days")
    const days = daysText === undefined ? undefined : Number(daysText)
    const problem =
      typeof parsed === "string"
        ? parsed
        : parsed.positionals.length !== 1
          ? "expected exactly one config path"
          : !Number.isSafeInteger(seed)
            ? `--seed must be an integer, got ${String(seedText)}`
            : !isFaultProfile(faults)
              ? "--faults must be none, light or heavy"
              : days !== undefined && (!Number.isSafeInteger(days) || days < 1 || days > 3660)
                ? `--days must be an integer from 1 to 3660, got ${String(daysText)}`
                : undefined
    if (problem !== undefined || typeof parsed === "string" || !isFaultProfile(faults)) {
      io.stderr(`personalize-ops simulate: ${problem}\nusage: personalize-ops ${simulate.usage}\n`)
      return ExitCode.Usage
    }
    const path = parsed.positionals[0] as string
    const loaded = await loadDeployment("simulate", path, io)
    if ("exit" in loaded) return loaded.exit
    return simulateEntry(
      loaded.deployment,
      { seed, faults, json: parsed.switches.has("json"), ...(days === undefined ? {} : { days }) },
      io
    )
  }
}
