import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler } from "../Command.ts"
import { twinFaultsFlag, twinSeedFlag } from "./simulate.ts"

/** `personalize-ops twin serve [--host 127.0.0.1] [--port 0] [--speed 1000] [--seed 1] [--faults none|light|heavy]` */
export const twinServe = Command.make("serve", {
  host: Flag.String("host").pipe(Flag.withDefault("127.0.0.1"), Flag.withDescription("the address to listen on")),
  port: Flag.Int("port").pipe(
    Flag.filter(
      (port) => port >= 0 && port <= 65535,
      (port) => `--port must be a port number (0–65535), got ${port}`
    ),
    Flag.withDefault(0),
    Flag.withDescription("the port to listen on (0: any free one)")
  ),
  speed: Flag.Finite("speed").pipe(
    Flag.filter(
      (speed) => speed > 0,
      (speed) => `--speed must be a number > 0, got ${speed}`
    ),
    Flag.withDefault(1000),
    Flag.withDescription("simulated seconds per wall second (1000: an hour of training takes under 4 s)")
  ),
  seed: twinSeedFlag,
  faults: twinFaultsFlag
}).pipe(
  Command.withDescription(
    "serve the Personalize twin over HTTP in awsJson1.1 for the AWS SDKs, the AWS CLI (--endpoint-url) and boto3"
  ),
  Command.withHandler(
    handler("twin serve", async (options, io) => {
      const { serveTwin } = await import("../twin/serve.ts")
      return serveTwin(options, io)
    })
  )
)
