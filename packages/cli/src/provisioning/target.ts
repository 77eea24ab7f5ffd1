import { DynamoDb, layerAwsPersonalize, layerAwsScheduler, layerDynamoEventStore } from "@personalize-ops/adapters-aws"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { SchedulerClients } from "@personalize-ops/adapters-aws/sdk/SchedulerClients"
import {
  defaultStatePath,
  layerMemoryEventStore,
  layerNodeDataSource,
  memoryAccount,
  runWithLocalState
} from "@personalize-ops/adapters-memory"
import { type Config, type Kernel, Maintenance, type Personalize as P } from "@personalize-ops/core"
import { Effect, Layer, type Result } from "effect"

/**
 * Where plan / apply / destroy run. The memory target keeps the twin and the ledger in a local state
 * file (so runs follow each other); the AWS target uses the SDK's environment and keeps the ledger in
 * DynamoDB with an event table, or, without one, only for the run (then the tool cannot prove what it made).
 */
export type Target =
  | { readonly _tag: "memory"; readonly state: string }
  | { readonly _tag: "aws"; readonly eventTable?: string }

/** The target the flags name, or why they do not make sense together. */
export const targetOf = (flags: {
  readonly target: string
  readonly state?: string
  readonly eventTable?: string
}): Target | string => {
  const { target, state, eventTable } = flags
  if (target === "memory") {
    if (eventTable !== undefined) return "--event-table <table> goes with --target aws"
    return { _tag: "memory", state: state ?? defaultStatePath }
  }
  if (target === "aws") {
    if (state !== undefined) return "--state <file> is the memory target's; on AWS the ledger goes in --event-table"
    return eventTable === undefined ? { _tag: "aws" } : { _tag: "aws", eventTable }
  }
  return "--target must be memory or aws"
}

/** Where a deployment's schedules live (its instance prefix) and what they start (absent: not known here). */
export interface MaintenanceTarget {
  readonly settings: Maintenance.MaintenanceSettings
  readonly targets?: Maintenance.ScheduleTargetSettings
}

/** The region AWS calls go to (the SDK's environment). */
export const awsRegion = (): string => process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"] ?? "us-east-1"

/** On the memory target, schedules start the instance's state machine as named in the twin's account. */
export const memoryScheduleTargets = (settings: Maintenance.MaintenanceSettings): Maintenance.ScheduleTargetSettings =>
  Maintenance.instanceScheduleTargets(settings, memoryAccount, "us-east-1")

/** Whether the target keeps the ledger across runs (so drift and "created by this tool" can be told). */
export const hasLedger = (target: Target): boolean => target._tag === "memory" || target.eventTable !== undefined

export const targetName = (target: Target): string =>
  target._tag === "memory" ? `memory target (state ${target.state})` : "aws target"

/** Data locations the AWS target cannot use: local files are for the in-memory twin only. */
export const localDataLocations = (deployment: Config.Deployment): ReadonlyArray<string> =>
  deployment.datasets.flatMap((d) =>
    d.imports.filter((i) => !i.dataLocation.startsWith("s3://")).map((i) => `${d.name}: ${i.dataLocation}`)
  )

const awsLayer = (eventTable: string | undefined) =>
  Layer.mergeAll(
    layerAwsPersonalize(),
    layerAwsScheduler(awsRegion()),
    eventTable === undefined
      ? layerMemoryEventStore
      : layerDynamoEventStore({ tableName: eventTable }).pipe(Layer.provide(DynamoDb.layer))
  ).pipe(Layer.provide(Layer.merge(PersonalizeClients.layer, SchedulerClients.layer)))

/** Runs a provisioning program on the target; errors come back as the Result's failure, each with a message. */
export const runOnTarget = <A, E extends { readonly _tag: string; readonly message: string }>(
  target: Target,
  program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | Maintenance.Scheduler>
): Promise<Result.Result<A, { readonly _tag: string; readonly message: string }>> => {
  const run: Effect.Effect<A, { readonly _tag: string; readonly message: string }> =
    target._tag === "memory"
      ? runWithLocalState(target.state, program, { dataSource: layerNodeDataSource })
      : program.pipe(Effect.provide(awsLayer(target.eventTable)))
  return Effect.runPromise(Effect.result(run))
}
