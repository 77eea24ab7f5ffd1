import * as Argument from "effect/cli/Argument"
import * as Flag from "effect/cli/Flag"
import { optionalFlag, switchFlag } from "../Command.ts"

/**
 * The arguments of plan, apply and destroy: a config, where to run it, where its state is kept, where its
 * schedules point, and `--json`.
 */
export const targetFlags = (json: string) => ({
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  target: Flag.Literals("target", ["memory", "aws"]).pipe(
    Flag.withDefault("memory"),
    Flag.withDescription("the in-memory twin, or AWS (credentials and region from the environment)")
  ),
  state: Flag.String("state").pipe(
    optionalFlag,
    Flag.withMetavar("file"),
    Flag.withDescription("the memory target's state file (default .personalize-ops/state.db): the twin and the ledger")
  ),
  eventTable: Flag.String("event-table").pipe(
    optionalFlag,
    Flag.withMetavar("dynamodb table"),
    Flag.withDescription("with --target aws: keep the provisioning ledger in this DynamoDB table across runs")
  ),
  instance: Flag.String("instance").pipe(
    optionalFlag,
    Flag.withMetavar("PREFIX"),
    Flag.withDescription("the deployment's name prefix: its schedule groups and schedules (default personalize-ops)")
  ),
  maintenanceStateMachine: Flag.String("maintenance-state-machine").pipe(
    optionalFlag,
    Flag.withMetavar("ARN"),
    Flag.withDescription(
      "with --target aws: the maintenance state machine the config's schedules start (the CDK example's output)"
    )
  ),
  schedulerRole: Flag.String("scheduler-role").pipe(
    optionalFlag,
    Flag.withMetavar("ARN"),
    Flag.withDescription("with --target aws: the role EventBridge Scheduler assumes to start it")
  ),
  // Data and role resolution, as the deployed trigger does it (plan and apply).
  bucket: Flag.String("bucket").pipe(
    optionalFlag,
    Flag.withMetavar("NAME"),
    Flag.withDescription(
      "the bucket {bucket} stands for; the MLOps and pipeline formats' data is looked for there (memory default local-bucket)"
    )
  ),
  configKey: Flag.String("config-key").pipe(
    optionalFlag,
    Flag.withMetavar("KEY"),
    Flag.withDescription(
      "where the config sits in the bucket: its folder holds the data (default the format's own layout)"
    )
  ),
  roleArn: Flag.String("role-arn").pipe(
    optionalFlag,
    Flag.withMetavar("ARN"),
    Flag.withDescription("the Personalize role when the config names none (default PERSONALIZE_ROLE_ARN)")
  ),
  kmsKeyArn: Flag.String("kms-key-arn").pipe(
    optionalFlag,
    Flag.withMetavar("ARN"),
    Flag.withDescription(
      "the KMS key of a new dataset group when the config names none (default PERSONALIZE_KMS_KEY_ARN)"
    )
  ),
  json: switchFlag("json", json)
})
