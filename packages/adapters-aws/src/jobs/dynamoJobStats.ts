// The job read model's stats: counter rows updated with ADD, and the expiry ledger that takes the counts of
// jobs past their retention back out (DynamoDB's TTL deletes the job items, never the counters).
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb"
import { Jobs } from "@personalize-ops/core"
import { Effect } from "effect"
import { N, pad, readModelCall, S, str, type TransactWriteItem, transact } from "./dynamoItems.ts"

/** Day of the all-time counter rows: every change is added to its day's row and to this one. */
export const allTime = "*"
const counterSortKey = (day: string, taskType: string) => (day === allTime ? `T#${taskType}` : `D#${day}#${taskType}`)

/** A ledger row's sort key: the counts of finished jobs of (submission day, task type) expiring at `expiry` (s). */
const ledgerSortKey = (expiry: number, day: string, taskType: string) => `X#${pad(expiry)}#${day}#${taskType}`
const ledgerPrefix = "X#"

/** The counter item of one (day, task type) row, as the projection's ADDs leave it. */
export const counterItem = (row: Jobs.CounterRow): Record<string, AttributeValue> => ({
  pk: S("STATS"),
  sk: S(counterSortKey(row.day, row.taskType)),
  day: S(row.day),
  taskType: S(row.taskType),
  ...Object.fromEntries(Object.entries(row.counters).map(([k, n]) => [k, N(n)]))
})

/** The counters (status counts, duration buckets) of a counter or ledger item. */
const countersOf = (item: Record<string, AttributeValue>): Record<string, number> => {
  const counters: Record<string, number> = {}
  for (const [k, v] of Object.entries(item)) {
    if ((k.startsWith("s:") || k.startsWith("d:")) && "N" in v) counters[k] = Number(v.N)
  }
  return counters
}

/**
 * One ADD update per row: the deltas of each sort key summed per counter (an UpdateExpression may name a
 * counter once). A ledger row also counts its changes in `v`, which the fold's condition reads.
 */
const addActions = (
  tableName: string,
  deltas: ReadonlyArray<Jobs.CounterDelta & { readonly sk: string }>,
  countChanges: boolean
): Array<TransactWriteItem> => {
  const rows = new Map<string, { day: string; taskType: string; counters: Map<string, number> }>()
  for (const d of deltas) {
    const row = rows.get(d.sk) ?? { day: d.day, taskType: d.taskType, counters: new Map<string, number>() }
    row.counters.set(d.counter, (row.counters.get(d.counter) ?? 0) + d.delta)
    rows.set(d.sk, row)
  }
  return [...rows.entries()].flatMap(([sk, row]) => {
    const names: Record<string, string> = { "#day": "day", "#tt": "taskType" }
    const values: Record<string, AttributeValue> = { ":day": S(row.day), ":tt": S(row.taskType) }
    const adds = [...row.counters.entries()]
      .filter(([, delta]) => delta !== 0)
      .map(([counter, delta], i) => {
        names[`#c${i}`] = counter
        values[`:c${i}`] = N(delta)
        return `#c${i} :c${i}`
      })
    if (adds.length === 0) return []
    if (countChanges) {
      names["#v"] = "v"
      values[":one"] = N(1)
      adds.push("#v :one")
    }
    return [
      {
        Update: {
          TableName: tableName,
          Key: { pk: S("STATS"), sk: S(sk) },
          UpdateExpression: `SET #day = :day, #tt = :tt ADD ${adds.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values
        }
      }
    ]
  })
}

/**
 * The counter updates of a change, as transaction actions: one ADD per (day, task type) row, and the
 * same into the task type's all-time row, so "all time" stats read one item per task type.
 */
const counterActions = (tableName: string, deltas: ReadonlyArray<Jobs.CounterDelta>) =>
  addActions(
    tableName,
    [...deltas, ...deltas.map((d) => ({ ...d, day: allTime }))].map((d) => ({
      ...d,
      sk: counterSortKey(d.day, d.taskType)
    })),
    false
  )

/** A job's summary and the second it expires (epoch s; absent while unfinished). */
export interface Counted {
  readonly summary: Jobs.JobSummary
  readonly expiry: number | undefined
}

/**
 * The transaction actions that move the stats from counting `before` to counting `after`: the counter
 * rows' ADDs and the expiry ledger's. A finished job's counts are also filed under its expiry second, so
 * when that second has passed they are taken back out of the counters (`foldExpired`). `before`'s expiry
 * is the one its item was written with, so a changed retention files nothing in the wrong place.
 */
export const statsActions = (
  tableName: string,
  before: Counted | undefined,
  after: Counted | undefined
): Array<TransactWriteItem> => {
  const filed = (c: Counted | undefined, sign: 1 | -1) => {
    if (c?.expiry === undefined) return []
    const expiry = c.expiry
    const deltas = sign === 1 ? Jobs.statsDelta(undefined, c.summary) : Jobs.statsDelta(c.summary, undefined)
    return deltas.map((d) => ({ ...d, sk: ledgerSortKey(expiry, d.day, d.taskType) }))
  }
  return [
    ...counterActions(tableName, Jobs.statsDelta(before?.summary, after?.summary)),
    ...addActions(tableName, [...filed(before, -1), ...filed(after, 1)], true)
  ]
}

/** Most ledger rows one fold transaction takes (each also updates up to two counter rows: ≤ 100 actions). */
const foldPage = 30

/**
 * One fold: reads up to a page of ledger rows whose second is before `now`'s, and in ONE transaction
 * deletes them (on the condition that no change reached them since they were read) and subtracts their
 * counts from the counters. Concurrent folds of one row subtract it once: the loser's condition fails
 * ("raced") and it reads again. "done" when no expired row is left.
 */
const foldOnce = (client: DynamoDBClient, tableName: string, now: number) =>
  Effect.gen(function* () {
    const upTo = `${ledgerPrefix}${pad(Math.floor(now / 1000) - 1)}#\uffff`
    const page = yield* readModelCall("Query", (abortSignal) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": S("STATS"), ":from": S(ledgerPrefix), ":to": S(upTo) },
          ConsistentRead: true,
          Limit: foldPage
        }),
        { abortSignal }
      )
    )
    const items = page.Items ?? []
    if (items.length === 0) return "done" as const
    const negated: Array<Jobs.CounterDelta> = []
    const deletes: Array<TransactWriteItem> = items.map((item) => {
      const day = str(item["day"]) ?? ""
      const taskType = str(item["taskType"]) ?? ""
      for (const [counter, n] of Object.entries(countersOf(item))) negated.push({ day, taskType, counter, delta: -n })
      return {
        Delete: {
          TableName: tableName,
          Key: { pk: S("STATS"), sk: item["sk"]! },
          ConditionExpression: "#v = :v",
          ExpressionAttributeNames: { "#v": "v" },
          ExpressionAttributeValues: { ":v": item["v"] ?? N(0) }
        }
      }
    })
    const outcome = yield* transact(client, [...deletes, ...counterActions(tableName, negated)])
    return outcome === "raced" ? outcome : ("more" as const)
  })

/** Takes the counts of every job expired by `now` (epoch ms) out of the counters, page by page. */
const foldExpired = (client: DynamoDBClient, tableName: string, now: number) =>
  Effect.gen(function* () {
    let raced = 0
    while (true) {
      const outcome = yield* foldOnce(client, tableName, now)
      if (outcome === "done") return
      if (outcome === "raced" && ++raced === 100) {
        return yield* new Jobs.ReadModelFailure({
          operation: "TransactWriteItems",
          cause: "expired counts: 100 tries lost to concurrent writers"
        })
      }
    }
  })

/**
 * The stats of a day range (or all time) at `now`: first the expired counts are folded out, then the
 * counter rows are read (one per task type for all time, one per day and task type for a range).
 */
export const readStats = (client: DynamoDBClient, tableName: string, query: Jobs.StatsQuery, now: number) =>
  Effect.gen(function* () {
    yield* foldExpired(client, tableName, now)
    const allTimeQuery = query.from === undefined && query.to === undefined
    const from = allTimeQuery ? "T#" : query.from === undefined ? "D#" : `D#${Jobs.dayOf(query.from)}`
    const to = allTimeQuery ? "T#\uffff" : query.to === undefined ? "D#\uffff" : `D#${Jobs.dayOf(query.to)}#\uffff`
    const rows: Array<Jobs.CounterRow> = []
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = yield* readModelCall("Query", (abortSignal) =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: { ":pk": S("STATS"), ":from": S(from), ":to": S(to) },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey })
          }),
          { abortSignal }
        )
      )
      for (const item of page.Items ?? []) {
        rows.push({ day: str(item["day"]) ?? "", taskType: str(item["taskType"]) ?? "", counters: countersOf(item) })
      }
      startKey = page.LastEvaluatedKey
    } while (startKey !== undefined)
    return Jobs.computeStats(rows)
  })
