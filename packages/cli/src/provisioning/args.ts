/** Splits argv into positionals and `--flag [value]` options (boolean flags listed in `switches`). */
export const parseArgs = (
  args: ReadonlyArray<string>,
  switches: ReadonlyArray<string>
): {
  readonly positionals: ReadonlyArray<string>
  readonly flags: ReadonlyMap<string, string | true>
  readonly error?: string
} => {
  const positionals: Array<string> = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith("--")) {
      positionals.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined]
    if (switches.includes(name)) flags.set(name, true)
    else if (inline !== undefined) flags.set(name, inline)
    else {
      const value = args[i + 1]
      if (value === undefined || value.startsWith("--")) return { positionals, flags, error: `--${name} needs a value` }
      flags.set(name, value)
      i++
    }
  }
  return { positionals, flags }
}
