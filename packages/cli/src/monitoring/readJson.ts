import type { CliIo } from "../Io.ts"

/** Reads and parses a JSON file, or says why not (`<path>: <reason>`). */
export const readJsonFile = async (
  path: string,
  io: CliIo
): Promise<{ readonly value: unknown } | { readonly error: string }> => {
  try {
    return { value: JSON.parse(await io.readFile(path)) }
  } catch (error) {
    return { error: `${path}: ${error instanceof Error ? error.message : String(error)}` }
  }
}
