import { DynamoDb, layerDynamoEventStore } from "@personalize-ops/adapters-aws"
import { defaultStatePath, layerSqliteEventStore } from "@personalize-ops/adapters-memory/state"
import { type Kernel, Monitoring, Personalize } from "@personalize-ops/core"
import { Effect, Exit, Layer } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"

export interface MonitorHistoryOptions {
  readonly arn: string
  /** The memory target's state file (default `.personalize-ops/state.db`). */
  readonly state: string | undefined
  /** A DynamoDB event store table (the deployed monitor's `EVENT_STORE_TABLE`). */
  readonly eventTable: string | undefined
  readonly json: boolean
}

const command = "personalize-ops monitor history"
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

/** An event store failure carries its reason in `cause` (the SDK's error: a missing table, no credentials). */
const describeFailure = (error: { readonly message: string; readonly _tag?: string; readonly cause?: unknown }) => {
  if (error.message !== "") return error.message
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause)
  return `${error._tag ?? "failure"}: ${cause}`
}

/** `personalize-ops monitor history <arn>`: a campaign's or recommender's decisions, with their reasons, from the event store. */
export const runMonitorHistory = async (options: MonitorHistoryOptions, io: CliIo): Promise<number> => {
  if (Personalize.parseMonitoredArn(options.arn) === undefined) {
    io.stderr(`${command}: <arn>: not a campaign or recommender ARN: ${options.arn}\n`)
    return ExitCode.Usage
  }
  if (options.state !== undefined && options.eventTable !== undefined) {
    io.stderr(`${command}: give --state <file> or --event-table <table>, not both\n`)
    return ExitCode.Usage
  }
  const store: Layer.Layer<Kernel.EventStore, { readonly message: string; readonly cause?: unknown }> =
    options.eventTable === undefined
      ? layerSqliteEventStore(options.state ?? defaultStatePath)
      : layerDynamoEventStore({ tableName: options.eventTable }).pipe(Layer.provide(DynamoDb.layer))
  const exit = await Effect.runPromiseExit(Monitoring.monitorHistory(options.arn).pipe(Effect.provide(store)))
  if (Exit.isFailure(exit)) {
    const error = Exit.findErrorOption(exit)
    io.stderr(`${command}: ${error._tag === "Some" ? describeFailure(error.value) : String(exit.cause)}\n`)
    return ExitCode.Usage
  }
  const entries = exit.value
  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        {
          arn: options.arn,
          entries: entries.map(({ event, ...e }) => ({ ...e, time: iso(e.at), event }))
        },
        null,
        2
      )}\n`
    )
    return ExitCode.Ok
  }
  if (entries.length === 0) {
    io.stdout(`${options.arn}: no decisions recorded\n`)
    return ExitCode.Ok
  }
  const lines = [`${options.arn}: ${entries.length} events`]
  for (const e of entries) lines.push(`  ${iso(e.at)}  ${e.summary}`, `      ${e.reason}`)
  io.stdout(`${lines.join("\n")}\n`)
  return ExitCode.Ok
}
