/** A command line split into positionals, `--name value` / `--name=value` options and `--switch`es. */
export interface ParsedArgs {
  readonly positionals: ReadonlyArray<string>
  /** Option values by name (without the leading `--`). */
  readonly values: ReadonlyMap<string, string>
  readonly switches: ReadonlySet<string>
}

/**
 * Parses a command's arguments against the options it declares (names without `--`). An undeclared
 * `--option` or an option without its value is a usage error, returned as its message.
 */
export const parseArgs = (
  args: ReadonlyArray<string>,
  spec: { readonly values?: ReadonlyArray<string>; readonly switches?: ReadonlyArray<string> }
): ParsedArgs | string => {
  const positionals: Array<string> = []
  const values = new Map<string, string>()
  const switches = new Set<string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith("--")) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf("=")
    const name = arg.slice(2, eq === -1 ? undefined : eq)
    if (eq === -1 && spec.switches?.includes(name)) switches.add(name)
    else if (spec.values?.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1)
      if (value === undefined || (eq === -1 && value.startsWith("--"))) return `--${name} needs a value`
      values.set(name, value)
    } else return `unknown option ${arg}`
  }
  return { positionals, values, switches }
}
