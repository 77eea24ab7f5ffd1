import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  type ScheduleGroupSummary,
  type SchedulerClient,
  type ScheduleSummary,
  UpdateScheduleCommand
} from "@aws-sdk/client-scheduler"
import { Maintenance } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { SchedulerClients } from "../sdk/SchedulerClients.ts"

/** The port's typed error for an SDK failure, by AWS's error name (core's `schedulerErrorNames` table). */
const toSchedulerError =
  (group: string, name?: string) =>
  (e: AwsCallError): Maintenance.SchedulerError => {
    const known = (Maintenance.schedulerErrorNames as { readonly [n: string]: { readonly tag: string } })[e.name]
    const at = { group, ...(name === undefined ? {} : { name }), detail: e.detail }
    switch (known?.tag) {
      case "ScheduleNotFound":
        return new Maintenance.ScheduleNotFound(at)
      case "ScheduleConflict":
        return new Maintenance.ScheduleConflict(at)
      case "ScheduleRequestInvalid":
        return new Maintenance.ScheduleRequestInvalid({ detail: e.detail })
      default:
        return new Maintenance.SchedulerFailure({ operation: e.operation, name: e.name, detail: e.detail })
    }
  }

const ms = (date: Date | undefined) => date?.getTime() ?? 0
const state = (s: string | undefined): Maintenance.ScheduleState => (s === "DISABLED" ? "DISABLED" : "ENABLED")

/** One Scheduler call: throttling retried, other errors the port's, naming the group (and schedule) asked about. */
const call = <A>(operation: string, group: string, name: string | undefined, f: (signal: AbortSignal) => Promise<A>) =>
  awsCall(operation, f).pipe(retryThrottled(), Effect.mapError(toSchedulerError(group, name)))

/** A schedule request as CreateSchedule's / UpdateSchedule's input. */
const scheduleInput = (r: Maintenance.ScheduleRequest) => ({
  Name: r.name,
  GroupName: r.group,
  ScheduleExpression: r.expression,
  ...(r.timeZone === undefined ? {} : { ScheduleExpressionTimezone: r.timeZone }),
  State: r.state,
  FlexibleTimeWindow: { Mode: "OFF" as const },
  Target: { Arn: r.target.arn, RoleArn: r.target.roleArn, Input: r.target.input },
  ...(r.description === undefined ? {} : { Description: r.description })
})

/** GetScheduleGroup's answer or a row of ListScheduleGroups as the port's description (`name` when it names none). */
const groupDescription = (
  g: Pick<ScheduleGroupSummary, "Name" | "Arn" | "State" | "CreationDate" | "LastModificationDate">,
  name: string
): Maintenance.ScheduleGroupDescription => ({
  name: g.Name ?? name,
  arn: g.Arn ?? "",
  state: g.State === "DELETING" ? "DELETING" : "ACTIVE",
  createdAt: ms(g.CreationDate),
  updatedAt: ms(g.LastModificationDate)
})

/** GetSchedule's answer as the port's description (`group` and `name` when it names none). */
const scheduleDescription = (
  out: GetScheduleCommandOutput,
  group: string,
  name: string
): Maintenance.ScheduleDescription => ({
  name: out.Name ?? name,
  group: out.GroupName ?? group,
  arn: out.Arn ?? "",
  expression: out.ScheduleExpression ?? "",
  ...(out.ScheduleExpressionTimezone === undefined ? {} : { timeZone: out.ScheduleExpressionTimezone }),
  state: state(out.State),
  target: { arn: out.Target?.Arn ?? "", roleArn: out.Target?.RoleArn ?? "", input: out.Target?.Input ?? "" },
  ...(out.Description === undefined ? {} : { description: out.Description }),
  createdAt: ms(out.CreationDate),
  updatedAt: ms(out.LastModificationDate)
})

/** A row of ListSchedules as the port's summary. */
const scheduleSummary = (s: ScheduleSummary, group: string): Maintenance.ScheduleSummary => ({
  name: s.Name ?? "",
  group: s.GroupName ?? group,
  arn: s.Arn ?? "",
  state: state(s.State),
  targetArn: s.Target?.Arn ?? ""
})

/** ListScheduleGroups, every page. */
const listGroups = Effect.fnUntraced(function* (client: SchedulerClient, namePrefix: string | undefined) {
  const out: Array<Maintenance.ScheduleGroupDescription> = []
  let token: string | undefined
  do {
    const input = {
      ...(namePrefix === undefined ? {} : { NamePrefix: namePrefix }),
      ...(token === undefined ? {} : { NextToken: token })
    }
    const page = yield* call("ListScheduleGroups", namePrefix ?? "", undefined, (abortSignal) =>
      client.send(new ListScheduleGroupsCommand(input), { abortSignal })
    )
    for (const g of page.ScheduleGroups ?? []) out.push(groupDescription(g, ""))
    token = page.NextToken
  } while (token !== undefined)
  return out
})

/** ListSchedules of a group, every page. */
const listSchedules = Effect.fnUntraced(function* (client: SchedulerClient, group: string) {
  const out: Array<Maintenance.ScheduleSummary> = []
  let token: string | undefined
  do {
    const input = { GroupName: group, ...(token === undefined ? {} : { NextToken: token }) }
    const page = yield* call("ListSchedules", group, undefined, (abortSignal) =>
      client.send(new ListSchedulesCommand(input), { abortSignal })
    )
    for (const s of page.Schedules ?? []) out.push(scheduleSummary(s, group))
    token = page.NextToken
  } while (token !== undefined)
  return out
})

/** The Scheduler port on `@aws-sdk/client-scheduler`. Throttling is retried; other errors map through one table. */
export const makeAwsScheduler = (client: SchedulerClient): Maintenance.Scheduler["Service"] =>
  Maintenance.Scheduler.of({
    createGroup: (name) =>
      call("CreateScheduleGroup", name, undefined, (abortSignal) =>
        client.send(new CreateScheduleGroupCommand({ Name: name }), { abortSignal })
      ).pipe(Effect.map((out) => out.ScheduleGroupArn ?? "")),
    describeGroup: (name) =>
      call("GetScheduleGroup", name, undefined, (abortSignal) =>
        client.send(new GetScheduleGroupCommand({ Name: name }), { abortSignal })
      ).pipe(Effect.map((out) => groupDescription(out, name))),
    deleteGroup: (name) =>
      call("DeleteScheduleGroup", name, undefined, (abortSignal) =>
        client.send(new DeleteScheduleGroupCommand({ Name: name }), { abortSignal })
      ).pipe(Effect.asVoid),
    listGroups: (namePrefix) => listGroups(client, namePrefix),
    createSchedule: (request) =>
      call("CreateSchedule", request.group, request.name, (abortSignal) =>
        client.send(new CreateScheduleCommand(scheduleInput(request)), { abortSignal })
      ).pipe(Effect.map((out) => out.ScheduleArn ?? "")),
    updateSchedule: (request) =>
      call("UpdateSchedule", request.group, request.name, (abortSignal) =>
        client.send(new UpdateScheduleCommand(scheduleInput(request)), { abortSignal })
      ).pipe(Effect.map((out) => out.ScheduleArn ?? "")),
    describeSchedule: (group, name) =>
      call("GetSchedule", group, name, (abortSignal) =>
        client.send(new GetScheduleCommand({ Name: name, GroupName: group }), { abortSignal })
      ).pipe(Effect.map((out) => scheduleDescription(out, group, name))),
    deleteSchedule: (group, name) =>
      call("DeleteSchedule", group, name, (abortSignal) =>
        client.send(new DeleteScheduleCommand({ Name: name, GroupName: group }), { abortSignal })
      ).pipe(Effect.asVoid),
    listSchedules: (group) => listSchedules(client, group)
  })

/** The Scheduler port for one region (the `SchedulerClients` client service). */
export const layerAwsScheduler = (region: string): Layer.Layer<Maintenance.Scheduler, never, SchedulerClients> =>
  Layer.effect(
    Maintenance.Scheduler,
    Effect.map(SchedulerClients, (clients) => makeAwsScheduler(clients(region)))
  )
