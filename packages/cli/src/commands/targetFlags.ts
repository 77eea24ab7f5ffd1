import * as Argument from "effect/cli/Argument"
import * as Flag from "effect/cli/Flag"
import { optionalText, switchFlag } from "../Command.ts"

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
  state: optionalText(
    "state",
    "file",
    "the memory target's state file (default .personalize-ops/state.db): the twin and the ledger"
  ),
  eventTable: optionalText(
    "event-table",
    "dynamodb table",
    "with --target aws: keep the provisioning ledger in this DynamoDB table across runs"
  ),
  instance: optionalText(
    "instance",
    "PREFIX",
    "the deployment's name prefix: its schedule groups and schedules (default personalize-ops)"
  ),
  maintenanceStateMachine: optionalText(
    "maintenance-state-machine",
    "ARN",
    "with --target aws: the maintenance state machine the config's schedules start (the CDK example's output)"
  ),
  schedulerRole: optionalText(
    "scheduler-role",
    "ARN",
    "with --target aws: the role EventBridge Scheduler assumes to start it"
  ),
  // Data and role resolution, as the deployed trigger does it (plan and apply).
  bucket: optionalText(
    "bucket",
    "NAME",
    "the bucket {bucket} stands for; the MLOps and pipeline formats' data is looked for there (memory default local-bucket)"
  ),
  configKey: optionalText(
    "config-key",
    "KEY",
    "where the config sits in the bucket: its folder holds the data (default the format's own layout)"
  ),
  roleArn: optionalText(
    "role-arn",
    "ARN",
    "the Personalize role when the config names none (default PERSONALIZE_ROLE_ARN)"
  ),
  kmsKeyArn: optionalText(
    "kms-key-arn",
    "ARN",
    "the KMS key of a new dataset group when the config names none (default PERSONALIZE_KMS_KEY_ARN)"
  ),
  json: switchFlag("json", json)
})
