import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { ExitCode, handler } from "../Command.ts"

/** A `DefinitionSubstitutions` placeholder, `${Name}`, resolved when the state machine is deployed. */
const substitution = (name: string) => `\${${name}}`

/** `personalize-ops workflow definition [--reconcile-arn ARN] [--notify-arn ARN] [--max-iterations N] [--max-seconds N]` */
export const workflowDefinition = Command.make("definition", {
  reconcileArn: Flag.String("reconcile-arn").pipe(
    Flag.withDefault(substitution("ReconcileFunctionArn")),
    Flag.withDescription("the Reconcile task's Lambda ARN (default: a DefinitionSubstitutions placeholder)")
  ),
  notifyArn: Flag.String("notify-arn").pipe(
    Flag.withDefault(substitution("NotifyFunctionArn")),
    Flag.withDescription("the notification task's Lambda ARN (default: a DefinitionSubstitutions placeholder)")
  ),
  maxIterations: Flag.Int("max-iterations").pipe(
    Flag.withDefault(500),
    Flag.withDescription("bound on Reconcile passes")
  ),
  maxSeconds: Flag.Int("max-seconds").pipe(
    Flag.withDefault(14 * 86_400),
    Flag.withDescription("bound on the seconds since the first pass")
  )
}).pipe(
  Command.withDescription("print the provisioning state machine's ASL JSON (the generic reconcile loop)"),
  Command.withHandler(
    handler("workflow definition", async ({ reconcileArn, notifyArn, maxIterations, maxSeconds }, io) => {
      const { provisioningDefinition } = await import("@personalize-ops/handlers/provisioning")
      const definition = provisioningDefinition(
        { reconcile: reconcileArn, notify: notifyArn },
        { maxIterations, maxSeconds }
      )
      io.stdout(`${JSON.stringify(definition, null, 2)}\n`)
      return ExitCode.Ok
    })
  )
)
