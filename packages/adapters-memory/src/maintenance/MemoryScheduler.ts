import { Config, Maintenance } from "@personalize-ops/core"
import { Clock, DateTime, Effect, Layer, Option, Result } from "effect"

type Description = Maintenance.ScheduleDescription
type Request = Maintenance.ScheduleRequest

/** Where the memory scheduler's ARNs say they live. */
export interface MemorySchedulerOptions {
  readonly region?: string
  readonly account?: string
  /** Start from a snapshot's groups and schedules (a state file's), firing on where they were. */
  readonly restore?: MemorySchedulerSnapshot
}

/** The scheduler's groups and schedules as JSON (kept in the memory target's state file between runs). */
export interface MemorySchedulerSnapshot {
  readonly groups: ReadonlyArray<Maintenance.ScheduleGroupDescription>
  readonly schedules: ReadonlyArray<{
    readonly description: Description
    readonly startedAt: number
    readonly nextAt?: number
  }>
}

/** The in-memory Scheduler and its firing loop. */
export interface MemoryScheduler {
  readonly scheduler: Maintenance.Scheduler["Service"]
  /**
   * Fires every ENABLED schedule at its fire times on Effect's Clock, forever (interrupt to stop):
   * each firing forks `onFire`, as EventBridge Scheduler starts its target without waiting for it.
   * Under a TestClock, days pass in milliseconds and every firing happens at its exact time.
   */
  readonly run: <R>(
    onFire: (schedule: Description, at: number) => Effect.Effect<void, never, R>
  ) => Effect.Effect<never, never, R>
  /** Its groups and schedules now, to restore later. */
  readonly snapshot: () => MemorySchedulerSnapshot
}

interface Entry {
  description: Description
  parsed: Config.ScheduleExpression
  /** When the schedule started (creation or last update): a rate's anchor. */
  startedAt: number
  nextAt: number | undefined
}

const invalid = (detail: string) => new Maintenance.ScheduleRequestInvalid({ detail })

/** Checks a request as the service does; the failure says which field. */
const validate = (request: Request): Result.Result<Config.ScheduleExpression, Maintenance.ScheduleRequestInvalid> => {
  const nameProblem = Maintenance.schedulerNameProblem(request.name)
  if (nameProblem !== undefined) return Result.fail(invalid(`Name ${nameProblem}`))
  const groupProblem = Maintenance.schedulerNameProblem(request.group)
  if (groupProblem !== undefined) return Result.fail(invalid(`GroupName ${groupProblem}`))
  const parsed = Config.parseSchedule(request.expression)
  if (Result.isFailure(parsed)) return Result.fail(invalid(`ScheduleExpression: ${parsed.failure}`))
  if (request.timeZone !== undefined && Option.isNone(DateTime.zoneMakeNamed(request.timeZone)))
    return Result.fail(invalid(`ScheduleExpressionTimezone: "${request.timeZone}" is not a time zone`))
  if (request.target.arn === "" || request.target.roleArn === "")
    return Result.fail(invalid("Target: Arn and RoleArn are required"))
  return Result.succeed(parsed.success)
}

const hour = 3_600_000

/** A snapshot's schedules as entries (one whose expression no longer parses is dropped). */
const restoredEntries = (restore: MemorySchedulerSnapshot | undefined): ReadonlyArray<Entry> =>
  (restore?.schedules ?? []).flatMap((s) => {
    const parsed = Maintenance.parseScheduleOrUndefined(s.description.expression)
    return parsed === undefined
      ? []
      : [{ description: s.description, parsed, startedAt: s.startedAt, nextAt: s.nextAt }]
  })

/** The groups whose name starts with the prefix (every group without one), by name. */
const groupsWithPrefix = (
  groups: ReadonlyMap<string, Maintenance.ScheduleGroupDescription>,
  namePrefix: string | undefined
): ReadonlyArray<Maintenance.ScheduleGroupDescription> =>
  [...groups.values()]
    .filter((g) => namePrefix === undefined || g.name.startsWith(namePrefix))
    .sort((a, b) => a.name.localeCompare(b.name))

/** ListSchedules' answer for a group: its schedules' summaries, by name. */
const scheduleSummaries = (
  schedules: ReadonlyMap<string, Entry>,
  group: string
): ReadonlyArray<Maintenance.ScheduleSummary> =>
  [...schedules.values()]
    .filter((e) => e.description.group === group)
    .map(({ description: d }) => ({
      name: d.name,
      group: d.group,
      arn: d.arn,
      state: d.state,
      targetArn: d.target.arn
    }))
    .sort((a, b) => a.name.localeCompare(b.name))

/**
 * Fires every due schedule (in time order, forking `onFire`), moves each to its next fire time, then
 * sleeps until the next one — waking at least hourly to see schedules changed meanwhile. Forever.
 */
const fireLoop = <R>(
  schedules: ReadonlyMap<string, Entry>,
  nextAfter: (entry: Entry, after: number) => number | undefined,
  onFire: (schedule: Description, at: number) => Effect.Effect<void, never, R>
): Effect.Effect<never, never, R> =>
  Effect.gen(function* () {
    while (true) {
      const now = yield* Clock.currentTimeMillis
      const due = [...schedules.values()]
        .filter((e) => e.nextAt !== undefined && e.nextAt <= now)
        .sort((a, b) => a.nextAt! - b.nextAt! || a.description.arn.localeCompare(b.description.arn))
      for (const entry of due) {
        const at = entry.nextAt!
        entry.nextAt = nextAfter(entry, Math.max(at, now))
        yield* Effect.forkChild(onFire(entry.description, at))
      }
      let next = now + hour
      for (const e of schedules.values()) if (e.nextAt !== undefined && e.nextAt < next) next = e.nextAt
      yield* Effect.sleep(Math.max(next - now, 1))
    }
  }) as Effect.Effect<never, never, R>

/** An in-memory EventBridge Scheduler: the same errors as the service, firing in virtual time. */
export const makeMemoryScheduler = (options: MemorySchedulerOptions = {}): MemoryScheduler => {
  const region = options.region ?? "us-east-1"
  const account = options.account ?? "000000000000"
  const groupArn = (name: string) => `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`
  const scheduleArn = (group: string, name: string) =>
    `arn:aws:scheduler:${region}:${account}:schedule/${group}/${name}`
  const groups = new Map<string, Maintenance.ScheduleGroupDescription>()
  const schedules = new Map<string, Entry>()
  const key = (group: string, name: string) => `${group}/${name}`
  groups.set(Maintenance.defaultScheduleGroup, {
    name: Maintenance.defaultScheduleGroup,
    arn: groupArn(Maintenance.defaultScheduleGroup),
    state: "ACTIVE",
    createdAt: 0,
    updatedAt: 0
  })
  for (const g of options.restore?.groups ?? []) groups.set(g.name, g)
  for (const entry of restoredEntries(options.restore))
    schedules.set(key(entry.description.group, entry.description.name), entry)

  const nextAfter = (entry: Entry, after: number) =>
    entry.description.state === "ENABLED"
      ? Maintenance.nextFireTime(entry.parsed, {
          after,
          timeZone: entry.description.timeZone,
          startedAt: entry.startedAt
        })
      : undefined

  const notFound = (group: string, name?: string) =>
    new Maintenance.ScheduleNotFound({
      group,
      ...(name === undefined ? {} : { name }),
      detail: name === undefined ? `Schedule group ${group} does not exist.` : `Schedule ${name} does not exist.`
    })

  const put = (request: Request, mode: "create" | "update") =>
    Effect.gen(function* () {
      const parsed = validate(request)
      if (Result.isFailure(parsed)) return yield* parsed.failure
      if (!groups.has(request.group)) return yield* notFound(request.group)
      const existing = schedules.get(key(request.group, request.name))
      if (mode === "create" && existing !== undefined)
        return yield* new Maintenance.ScheduleConflict({
          group: request.group,
          name: request.name,
          detail: `Schedule ${request.name} already exists.`
        })
      if (mode === "update" && existing === undefined) return yield* notFound(request.group, request.name)
      const now = yield* Clock.currentTimeMillis
      const arn = scheduleArn(request.group, request.name)
      const entry: Entry = {
        description: { ...request, arn, createdAt: existing?.description.createdAt ?? now, updatedAt: now },
        parsed: parsed.success,
        startedAt: now,
        nextAt: undefined
      }
      // No StartDate: a rate schedule fires at once, a cron at its next time after now.
      entry.nextAt = nextAfter(entry, parsed.success._tag === "Rate" ? now - 1 : now)
      schedules.set(key(request.group, request.name), entry)
      return arn
    })

  const scheduler = Maintenance.Scheduler.of({
    createGroup: (name) =>
      Effect.gen(function* () {
        const problem = Maintenance.schedulerNameProblem(name)
        if (problem !== undefined) return yield* invalid(`Name ${problem}`)
        if (groups.has(name))
          return yield* new Maintenance.ScheduleConflict({
            group: name,
            detail: `Schedule group ${name} already exists.`
          })
        const now = yield* Clock.currentTimeMillis
        groups.set(name, { name, arn: groupArn(name), state: "ACTIVE", createdAt: now, updatedAt: now })
        return groupArn(name)
      }),
    describeGroup: (name) => {
      const group = groups.get(name)
      return group === undefined ? Effect.fail(notFound(name)) : Effect.succeed(group)
    },
    deleteGroup: (name) =>
      Effect.gen(function* () {
        if (name === Maintenance.defaultScheduleGroup)
          return yield* invalid("The default schedule group cannot be deleted.")
        if (!groups.has(name)) return yield* notFound(name)
        groups.delete(name)
        for (const [k, entry] of schedules) if (entry.description.group === name) schedules.delete(k)
      }),
    listGroups: (namePrefix) => Effect.sync(() => groupsWithPrefix(groups, namePrefix)),
    createSchedule: (request) => put(request, "create"),
    updateSchedule: (request) => put(request, "update"),
    describeSchedule: (group, name) => {
      const entry = schedules.get(key(group, name))
      return entry === undefined ? Effect.fail(notFound(group, name)) : Effect.succeed(entry.description)
    },
    deleteSchedule: (group, name) =>
      schedules.delete(key(group, name)) ? Effect.void : Effect.fail(notFound(group, name)),
    listSchedules: (group) =>
      groups.has(group) ? Effect.succeed(scheduleSummaries(schedules, group)) : Effect.fail(notFound(group))
  })

  const run = <R>(onFire: (schedule: Description, at: number) => Effect.Effect<void, never, R>) =>
    fireLoop(schedules, nextAfter, onFire)

  const snapshot = (): MemorySchedulerSnapshot => ({
    groups: [...groups.values()].filter((g) => g.name !== Maintenance.defaultScheduleGroup),
    schedules: [...schedules.values()].map((e) => ({
      description: e.description,
      startedAt: e.startedAt,
      ...(e.nextAt === undefined ? {} : { nextAt: e.nextAt })
    }))
  })

  return { scheduler, run, snapshot }
}

/** A fresh in-memory Scheduler as a layer (firing is available through {@link makeMemoryScheduler}). */
export const layerMemoryScheduler: Layer.Layer<Maintenance.Scheduler> = Layer.sync(
  Maintenance.Scheduler,
  () => makeMemoryScheduler().scheduler
)
