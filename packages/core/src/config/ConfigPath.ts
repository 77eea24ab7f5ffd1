/** A location in the user's own config document, as segments (`["solutions", 2, "campaigns", 0, "name"]`). */
export type ConfigPath = ReadonlyArray<string | number>

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Renders a path the way users read it: `solutions[2].campaigns[0].serviceConfig.name` ("" for the root). */
export const formatPath = (path: ConfigPath): string =>
  path.reduce<string>((out, segment) => {
    if (typeof segment === "number") return `${out}[${segment}]`
    if (!identifier.test(segment)) return `${out}[${JSON.stringify(segment)}]`
    return out === "" ? segment : `${out}.${segment}`
  }, "")
