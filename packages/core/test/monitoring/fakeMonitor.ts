// Core-only fakes of the monitor's ports (core cannot depend on adapters-memory): a Personalize that
// describes and lists fixed resources and records its writes, CloudWatch metrics answered by a function
// and recorded, alarms in a Map, a recording bus and notifications. Obviously right, nothing more.
import { Monitoring, Notify, Personalize } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import * as Kernel from "../../src/kernel/index.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"

const account = "123456789012"
export const campaignArn = (name: string, region = "us-east-1") =>
  `arn:aws:personalize:${region}:${account}:campaign/${name}`
export const recommenderArn = (name: string, region = "us-east-1") =>
  `arn:aws:personalize:${region}:${account}:recommender/${name}`
export const solutionArn = (name: string, region = "us-east-1") =>
  `arn:aws:personalize:${region}:${account}:solution/${name}`
export const datasetGroupArn = (name: string, region = "us-east-1") =>
  `arn:aws:personalize:${region}:${account}:dataset-group/${name}`

/** An alarm of `name` in `region` (the other fields fixed: the tests look at names and regions). */
export const alarmSpec = (region: string, name: string): Monitoring.AlarmSpec => ({
  region,
  name,
  description: "",
  namespace: "PersonalizeMonitor",
  metricName: "campaignUtilization",
  dimensions: [],
  statistic: "Average",
  period: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 1,
  comparisonOperator: "LessThanThreshold",
  treatMissingData: "missing",
  actionsEnabled: false,
  alarmActions: [],
  okActions: []
})

type Description = Personalize.ResourceDescription

/** A description as DescribeX returns it. */
export const description = (
  kind: Personalize.ResourceKind,
  arn: string,
  fields: Partial<Omit<Description, "kind" | "arn">> = {}
): Description => ({
  kind,
  name: arn.slice(arn.lastIndexOf("/") + 1),
  arn: arn as Personalize.ResourceArn,
  status: "ACTIVE",
  attributes: {},
  creationDateTime: 0,
  lastUpdatedDateTime: 0,
  ...fields
})

interface PersonalizeWrite {
  readonly op: "update" | "delete" | "stop"
  readonly arn: string
  readonly input?: unknown
}

/** Personalize over fixed descriptions; `list` pages by kind and region or parent, 2 items a page. */
const fakePersonalize = (
  descriptions: ReadonlyArray<Description>,
  options: { readonly throttled?: ReadonlyArray<string> } = {}
) => {
  const writes: Array<PersonalizeWrite> = []
  const byArn = new Map(descriptions.map((d) => [d.arn as string, d]))
  const notFound = (kind: Personalize.ResourceKind, arn: string) =>
    new Personalize.ResourceNotFound({ kind, arn, message: `${arn} does not exist` })
  const port = Personalize.Personalize.of({
    create: () => Effect.die("create is not used by the monitor"),
    describe: (kind, arn) =>
      Effect.suspend((): Effect.Effect<Description, Personalize.PersonalizeError> => {
        if (options.throttled?.includes(arn))
          return Effect.fail(new Personalize.Throttled({ operation: `Describe${kind}`, message: "slow down" }))
        const d = byArn.get(arn)
        return d === undefined || d.kind !== kind ? Effect.fail(notFound(kind, arn)) : Effect.succeed(d)
      }),
    list: (input) =>
      Effect.sync(() => {
        const all = descriptions.filter(
          (d) =>
            d.kind === input.kind &&
            (input.parentArn !== undefined
              ? d.parentArn === input.parentArn
              : input.region === undefined || d.arn.split(":")[3] === input.region)
        )
        const from = input.nextToken === undefined ? 0 : Number(input.nextToken)
        const items = all.slice(from, from + 2)
        return from + 2 < all.length ? { items, nextToken: String(from + 2) } : { items }
      }),
    update: (input) =>
      Effect.sync(() => {
        writes.push({ op: "update", arn: input.arn, input })
      }),
    delete: (_, arn) =>
      Effect.suspend(() => {
        if (!byArn.has(arn)) return Effect.fail(notFound("Campaign", arn))
        writes.push({ op: "delete", arn })
        return Effect.void
      }),
    stop: (_, arn) =>
      Effect.suspend(() => {
        if (!byArn.has(arn)) return Effect.fail(notFound("Recommender", arn))
        writes.push({ op: "stop", arn })
        return Effect.void
      }),
    start: () => Effect.die("start is not used by the monitor")
  })
  return { port, writes }
}

/** CloudWatch metrics answered by `answer` (per query; undefined = no data) and every call recorded. */
export const fakeMetrics = (
  answer: (
    request: Monitoring.MetricRequest,
    call: Monitoring.MetricDataCall
  ) => ReadonlyArray<{ readonly timestamp: number; readonly value: number }>
) => {
  const reads: Array<Monitoring.MetricDataCall> = []
  const puts: Array<{
    readonly region: string
    readonly namespace: string
    readonly data: ReadonlyArray<Monitoring.MetricDatum>
  }> = []
  const port = Monitoring.Metrics.of({
    getMetricData: (call) =>
      Effect.sync(() => {
        reads.push(call)
        return call.queries.map((q) => {
          const points = answer(q.request, call)
          return { id: q.id, timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value) }
        })
      }),
    putMetricData: (region, namespace, data) =>
      Effect.sync(() => {
        puts.push({ region, namespace, data })
      })
  })
  return { port, reads, puts }
}

/** Alarms kept per region and name; deletes recorded call by call. */
const fakeAlarms = (existing: ReadonlyArray<Monitoring.AlarmSpec> = []) => {
  const alarms = new Map(existing.map((a) => [`${a.region} ${a.name}`, a]))
  const puts: Array<Monitoring.AlarmSpec> = []
  const deletes: Array<{ readonly region: string; readonly names: ReadonlyArray<string> }> = []
  const described: Array<string> = []
  const port = Monitoring.Alarms.of({
    describe: (region, prefix) =>
      Effect.sync(() => {
        described.push(region)
        return [...alarms.values()].filter((a) => a.region === region && a.name.startsWith(prefix))
      }),
    put: (alarm) =>
      Effect.sync(() => {
        puts.push(alarm)
        alarms.set(`${alarm.region} ${alarm.name}`, alarm)
      }),
    delete: (region, names) =>
      Effect.sync(() => {
        deletes.push({ region, names })
        for (const n of names) alarms.delete(`${region} ${n}`)
      })
  })
  return { port, alarms, puts, deletes, described }
}

/** Every port of the monitor, faked, as one layer. */
export const monitorWorld = (options: {
  readonly descriptions: ReadonlyArray<Description>
  readonly answer?: Parameters<typeof fakeMetrics>[0]
  readonly alarms?: ReadonlyArray<Monitoring.AlarmSpec>
  readonly throttled?: ReadonlyArray<string>
}) => {
  const events = makeFakeEventStore()
  const personalize = fakePersonalize(
    options.descriptions,
    options.throttled === undefined ? {} : { throttled: options.throttled }
  )
  const metrics = fakeMetrics(options.answer ?? (() => []))
  const alarms = fakeAlarms(options.alarms)
  const bus: Array<{ readonly region: string; readonly events: ReadonlyArray<Monitoring.BusEvent> }> = []
  const published: Array<Notify.Notification> = []
  const layer = Layer.mergeAll(
    Layer.succeed(Kernel.EventStore, events.store),
    Layer.succeed(Personalize.Personalize, personalize.port),
    Layer.succeed(Monitoring.Metrics, metrics.port),
    Layer.succeed(Monitoring.Alarms, alarms.port),
    Layer.succeed(
      Monitoring.EventBus,
      Monitoring.EventBus.of({
        put: (region, put) =>
          Effect.sync(() => {
            bus.push({ region, events: put })
          })
      })
    ),
    Layer.succeed(
      Notify.Notifications,
      Notify.Notifications.of({
        publish: (message) =>
          Effect.sync(() => {
            published.push(message)
          })
      })
    )
  )
  return { events, personalize, metrics, alarms, bus, published, layer }
}
