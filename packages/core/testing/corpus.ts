// The payload corpus (corpus/README.md): real-world Segment events and AWS Batch deliveries with the
// outcome each must have, replayed by core's, the handlers' and the CLI's tests through their own surfaces.
import { readFileSync } from "node:fs"

const corpusFile = (name: string) => new URL(`./corpus/${name}`, import.meta.url)
const ndjson = <A>(name: string): ReadonlyArray<A> =>
  readFileSync(corpusFile(name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as A)

/** What one Segment payload must become under one rules file. */
export type SegmentExpectation =
  | {
      readonly outcome: "sent"
      readonly eventType?: string
      /** Item ids of the interactions, in order (one per product for e-commerce events). */
      readonly items?: ReadonlyArray<string>
      readonly values?: ReadonlyArray<number | null>
      readonly quantities?: ReadonlyArray<number | string | null>
      readonly impressions?: ReadonlyArray<ReadonlyArray<string>>
      readonly sessionId?: string
      readonly userId?: string
      readonly sentAt?: number
      readonly derivedEventId?: boolean
      readonly droppedProperties?: ReadonlyArray<string>
    }
  | { readonly outcome: "skipped" | "invalid"; readonly reason: string }

/** One corpus entry: a payload, where its shape comes from, and its outcome per rules file. */
export interface SegmentCase {
  readonly id: string
  readonly source: string
  readonly note: string
  readonly event: Record<string, unknown>
  readonly expect: Readonly<Record<string, SegmentExpectation>>
}

/** The Segment corpus, in replay order. */
export const segmentCorpus = (): ReadonlyArray<SegmentCase> => ndjson<SegmentCase>("segment.ndjson")

/** The rules file a corpus expectation key names (`default` is the built-in default: no file). */
export const segmentCorpusRules = (name: string): unknown | undefined =>
  name === "default" ? undefined : JSON.parse(readFileSync(corpusFile(`segment-rules.${name}.json`), "utf8"))

/** The PutEvents events (and their request's session/user) one payload became, as a surface reports them. */
export interface ObservedSegment {
  readonly outcome: "sent" | "skipped" | "invalid"
  readonly reason?: string
  readonly events: ReadonlyArray<{
    readonly sessionId: string
    readonly userId?: string | undefined
    readonly event: {
      readonly eventType: string
      readonly sentAt: number
      readonly eventId?: string
      readonly itemId?: string
      readonly eventValue?: number
      readonly properties?: string
      readonly impression?: ReadonlyArray<string>
    }
  }>
  readonly droppedProperties?: ReadonlyArray<string>
}

/** JSON with object keys sorted: equality that ignores key order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : typeof v === "object" && v !== null
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : (JSON.stringify(v) ?? "undefined")
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/** Compares what a surface did with a payload to the corpus expectation; answers the differences. */
export const segmentMismatches = (
  c: SegmentCase,
  expected: SegmentExpectation,
  observed: ObservedSegment
): ReadonlyArray<string> => {
  const out: Array<string> = []
  const at = `${c.id} (${c.note})`
  if (observed.outcome !== expected.outcome) {
    return [
      `${at}: expected ${expected.outcome}, got ${observed.outcome}${observed.reason ? ` (${observed.reason})` : ""}`
    ]
  }
  if (expected.outcome !== "sent") {
    // A surface that does not report reasons (the Kinesis handler for skipped records) is checked on the outcome only.
    if (observed.reason !== undefined && !observed.reason.includes(expected.reason))
      out.push(`${at}: reason '${observed.reason}' does not include '${expected.reason}'`)
    return out
  }
  const events = observed.events
  if (events.length === 0) return [`${at}: sent no event`]
  const check = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && !same(want, got))
      out.push(`${at}: ${what} ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`)
  }
  check("eventType", expected.eventType, events[0]?.event.eventType)
  if (expected.eventType !== undefined && events.some((e) => e.event.eventType !== expected.eventType))
    out.push(`${at}: not every event is a ${expected.eventType}`)
  const quantity = (p: string | undefined) => {
    const q = p === undefined ? undefined : (JSON.parse(p) as { quantity?: unknown }).quantity
    return q ?? null
  }
  if (expected.impressions !== undefined)
    check(
      "impressions",
      expected.impressions,
      events.map((e) => e.event.impression ?? null)
    )
  else {
    check(
      "items",
      expected.items,
      events.map((e) => e.event.itemId ?? null)
    )
    check(
      "values",
      expected.values?.map((v) => v ?? null),
      events.map((e) => e.event.eventValue ?? null)
    )
    check(
      "quantities",
      expected.quantities?.map((v) => v ?? null),
      events.map((e) => quantity(e.event.properties))
    )
  }
  check("sessionId", expected.sessionId, events[0]?.sessionId)
  check("userId", expected.userId, events[0]?.userId)
  check("sentAt", expected.sentAt, events[0]?.event.sentAt)
  if (expected.derivedEventId && events.some((e) => e.event.eventId === undefined || e.event.eventId.length === 0))
    out.push(`${at}: no derived eventId`)
  const ids = events.map((e) => e.event.eventId)
  if (new Set(ids).size !== ids.length) out.push(`${at}: eventIds repeat within one payload: ${ids.join(", ")}`)
  // A surface that reports only a count of dropped properties (the Kinesis handler's EMF) checks it itself.
  if (observed.droppedProperties !== undefined)
    check("droppedProperties", expected.droppedProperties ?? [], observed.droppedProperties)
  return out
}

/** One AWS Batch delivery and the jobs handler's expected answer (`rejected:<field path>` for rejects). */
export interface BatchDelivery {
  readonly source: string
  readonly note: string
  readonly expect: string
  readonly event: Record<string, unknown>
}

/** What a job must look like after the whole Batch corpus is replayed. */
export interface BatchJobExpectation {
  readonly status: string
  readonly attempts: number
  readonly history: ReadonlyArray<string>
  readonly shape: "container" | "ecs" | "eks" | "array" | "array-child" | "multi-node" | "node"
  readonly exitCode?: number
  readonly reason?: string
  readonly runTimeMillis?: number
  readonly failureKind?: "out-of-memory" | "spot-reclaim"
  readonly region?: string
  readonly arrayParent?: string
  readonly arrayIndex?: number
  readonly arraySize?: number
  readonly childCounts?: Readonly<Record<string, number>>
  readonly mainJob?: string
  readonly nodeIndex?: number
  readonly numNodes?: number
  readonly mainNode?: number
  readonly nodeRanges?: ReadonlyArray<string>
  readonly podName?: string
  readonly containers?: ReadonlyArray<string>
}

/** The Batch corpus, in delivery order. */
export const batchCorpus = (): ReadonlyArray<BatchDelivery> => ndjson<BatchDelivery>("batch.ndjson")

/** Every job of the Batch corpus and what it must look like once all deliveries are in. */
export const batchCorpusJobs = (): Readonly<Record<string, BatchJobExpectation>> =>
  JSON.parse(readFileSync(corpusFile("batch-jobs.json"), "utf8"))

/** The corpus's classification rules (task types by queue). */
export const batchCorpusRules = (): unknown => JSON.parse(readFileSync(corpusFile("batch-rules.json"), "utf8"))

/** A job as a surface shows it (a read-model view, a `jobs report` row): the fields the corpus checks. */
export interface ObservedJob {
  readonly status: string
  readonly attempts: number
  readonly history: ReadonlyArray<string>
  readonly region: string
  readonly shape?: { readonly kind: string } & Readonly<Record<string, unknown>>
  readonly exitCode?: number
  readonly statusReason?: string
  readonly runTimeMillis?: number
  readonly failureKind?: string
  /** Members per status, where the surface groups an array job's children. */
  readonly memberCounts?: Readonly<Record<string, number>>
}

/** Compares a job as a surface shows it with the corpus expectation; answers the differences. */
export const batchJobMismatches = (jobId: string, want: BatchJobExpectation, got: ObservedJob | undefined) => {
  if (got === undefined) return [`${jobId}: not found`]
  const out: Array<string> = []
  const check = (what: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && !same(expected, actual))
      out.push(`${jobId}: ${what} ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`)
  }
  check("status", want.status, got.status)
  check("attempts", want.attempts, got.attempts)
  check("history", want.history, got.history)
  check("region", want.region ?? "us-east-1", got.region)
  const shape = got.shape ?? { kind: "container" }
  check("shape", want.shape, shape.kind)
  check("array parent", want.arrayParent, shape.parentJobId)
  check("array index", want.arrayIndex, shape.index)
  check("array size", want.arraySize, shape.size)
  check("main job", want.mainJob, shape.mainJobId)
  check("node index", want.nodeIndex, shape.nodeIndex)
  check("numNodes", want.numNodes, shape.numNodes)
  check("mainNode", want.mainNode, shape.mainNode)
  check("node ranges", want.nodeRanges, shape.nodeRanges)
  check("pod", want.podName, shape.podName)
  check(
    "containers",
    want.containers,
    Array.isArray(shape.containers) ? shape.containers.map((c: { name?: string }) => c.name) : undefined
  )
  check("exitCode", want.exitCode, got.exitCode)
  check("reason", want.reason, got.statusReason)
  check("runTimeMillis", want.runTimeMillis, got.runTimeMillis)
  if (want.failureKind !== undefined || got.failureKind !== undefined)
    check("failureKind", want.failureKind ?? null, got.failureKind ?? null)
  if (got.memberCounts !== undefined || want.childCounts !== undefined)
    check("member counts", want.childCounts, got.memberCounts)
  return out
}
