import { readFile, writeFile } from "node:fs/promises"

/** What a command may touch of the outside world; tests pass a recording one. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** The whole of standard input as text. */
  readonly readStdin: () => Promise<string>
  readonly readFile: (path: string) => Promise<string>
  /** Writes a whole file (a report), replacing it. */
  readonly writeFile: (path: string, text: string) => Promise<void>
  /** Whether stderr is a terminal (live progress), rather than a file or a pipe (a line per change). */
  readonly stderrIsTerminal: boolean
}

/** The process's real streams and file system. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString("utf8")
  },
  readFile: (path) => readFile(path, "utf8"),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
  stderrIsTerminal: process.stderr.isTTY === true
}

/** An in-memory Io for tests: collects output and written files, serves stdin and files from strings. */
export const recordingIo = (
  options: {
    readonly stdin?: string
    readonly files?: Record<string, string>
    readonly stderrIsTerminal?: boolean
  } = {}
) => {
  const out: Array<string> = []
  const err: Array<string> = []
  const written = new Map<string, string>()
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: async () => options.stdin ?? "",
    readFile: async (path) => {
      const file = options.files?.[path]
      if (file === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" })
      return file
    },
    writeFile: async (path, text) => void written.set(path, text),
    stderrIsTerminal: options.stderrIsTerminal ?? false
  }
  return { io, stdout: () => out.join(""), stderr: () => err.join(""), written: (path: string) => written.get(path) }
}
