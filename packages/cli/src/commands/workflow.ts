import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { ExitCode, handler, optionalFlag, optionalText, switchFlag, usageError } from "../Command.ts"
import { localBucket, localPersonalizeRole } from "../provisioning/localDefaults.ts"
import { twinFaultsFlag, twinSeedFlag } from "./simulate.ts"

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

/** `personalize-ops workflow run <config> --local [--data DIR] [--seed N] [--faults …] [--json] [--max-iterations N] [--max-seconds N]` */
export const workflowRun = Command.make("run", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  local: switchFlag(
    "local",
    "run the deployed path offline (required: starting the deployed state machine is an S3 upload)"
  ),
  data: optionalText(
    "data",
    "DIR",
    "a folder standing for the bucket (data looked for as on S3); absent: data assumed present"
  ),
  bucket: Flag.String("bucket").pipe(
    Flag.withDefault(localBucket),
    Flag.withDescription("the bucket's name (what {bucket} stands for)")
  ),
  key: Flag.String("key").pipe(
    optionalFlag,
    Flag.withDescription("the config's key in the bucket (default: its path under --data, else its file name)")
  ),
  seed: twinSeedFlag,
  faults: twinFaultsFlag,
  roleArn: Flag.String("role-arn").pipe(
    optionalFlag,
    Flag.withDescription("the deployment's Personalize role, used when the config names none (PERSONALIZE_ROLE_ARN)")
  ),
  kmsKeyArn: Flag.String("kms-key-arn").pipe(
    optionalFlag,
    Flag.withDescription("the deployment's KMS key for new dataset groups (PERSONALIZE_KMS_KEY_ARN)")
  ),
  maxIterations: Flag.Int("max-iterations").pipe(
    Flag.filter(
      (n) => n >= 1,
      (n) => `--max-iterations must be at least 1, got ${n}`
    ),
    Flag.withDefault(500),
    Flag.withDescription("bound on Reconcile passes")
  ),
  maxSeconds: Flag.Int("max-seconds").pipe(
    Flag.filter(
      (n) => n >= 1,
      (n) => `--max-seconds must be at least 1, got ${n}`
    ),
    Flag.withDefault(14 * 86_400),
    Flag.withDescription("bound on the (virtual) seconds since the first pass")
  ),
  json: switchFlag("json", "print the outcome as one JSON document"),
  logs: switchFlag("logs", "print the handlers' JSON log lines on stderr")
}).pipe(
  Command.withDescription(
    "run the provisioning workflow as deployed, offline: S3 event → trigger → state machine (aws-local-stepfunctions) → the twin"
  ),
  Command.withHandler(
    handler("workflow run", async (input, io) => {
      if (!input.local)
        return usageError(
          io,
          "workflow run",
          "only --local is built: on AWS, upload the config to the deployment's bucket (the trigger starts the state machine)"
        )
      const [{ runWorkflowLocally }, { renderLocalRun }] = await Promise.all([
        import("../provisioning/workflowRun.ts"),
        import("../provisioning/workflowRunRender.ts")
      ])
      const data = input.data
      const key = input.key
      const kmsKeyArn = input.kmsKeyArn
      const result = await runWorkflowLocally({
        configPath: input.config,
        bucket: input.bucket,
        seed: input.seed,
        faults: input.faults,
        roleArn: input.roleArn ?? localPersonalizeRole,
        maxIterations: input.maxIterations,
        maxSeconds: input.maxSeconds,
        ...(data === undefined ? {} : { dataDir: data }),
        ...(key === undefined ? {} : { key }),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        ...(input.logs ? { log: (line: string) => io.stderr(`${line}\n`) } : {})
      })
      io.stdout(input.json ? `${JSON.stringify(result)}\n` : renderLocalRun(result))
      return result.status === "SUCCEEDED" ? ExitCode.Ok : ExitCode.Invalid
    })
  )
)
