import { type FaultProfileName, startTwinServer } from "@personalize-ops/adapters-memory"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { untilStopSignal } from "../stopSignal.ts"

/** Serves the twin until SIGINT or SIGTERM; the first stdout line is `listening on http://HOST:PORT`. */
export const serveTwin = async (
  options: {
    readonly host: string
    readonly port: number
    readonly speed: number
    readonly seed: number
    readonly faults: FaultProfileName
  },
  io: CliIo
): Promise<number> => {
  const server = await startTwinServer(options)
  io.stdout(`listening on ${server.url}\n`)
  await untilStopSignal()
  await server.close()
  return ExitCode.Ok
}
