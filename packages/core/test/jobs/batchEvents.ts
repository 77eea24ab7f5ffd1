// Builds realistic Batch Job State Change events for tests: one job's lifecycle, in true order.
import type { Jobs } from "@personalize-ops/core"

export interface LifecycleOptions {
  readonly jobId: string
  readonly jobName?: string
  readonly queue?: string
  readonly definition?: string
  readonly t0?: number
  /** How many attempts fail before the last one (retries). */
  readonly retries?: number
  readonly outcome?: "SUCCEEDED" | "FAILED" | "RUNNING" | "RUNNABLE"
  readonly command?: ReadonlyArray<string>
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z")

/** The raw (JSON-shaped) events of one job, in the order Batch emits them. */
export const lifecycle = (o: LifecycleOptions): Array<Record<string, unknown>> => {
  const t0 = o.t0 ?? Date.UTC(2026, 10, 23, 12, 0, 0)
  const queue = `arn:aws:batch:eu-west-1:123456789012:job-queue/${o.queue ?? "ingest-queue"}`
  const definition = `arn:aws:batch:eu-west-1:123456789012:job-definition/${o.definition ?? "ingest-def"}:3`
  const events: Array<Record<string, unknown>> = []
  const attempts: Array<Record<string, unknown>> = []
  let t = t0
  let n = 0
  const emit = (status: string, extra: Record<string, unknown> = {}) => {
    n++
    events.push({
      version: "0",
      id: `${o.jobId}-e${n}`,
      "detail-type": "Batch Job State Change",
      source: "aws.batch",
      account: "123456789012",
      time: iso(t),
      region: "eu-west-1",
      resources: [`arn:aws:batch:eu-west-1:123456789012:job/${o.jobId}`],
      detail: {
        jobArn: `arn:aws:batch:eu-west-1:123456789012:job/${o.jobId}`,
        jobName: o.jobName ?? `job-${o.jobId}`,
        jobId: o.jobId,
        jobQueue: queue,
        status,
        attempts: attempts.map((a) => ({ ...a })),
        createdAt: t0,
        retryStrategy: { attempts: (o.retries ?? 0) + 1 },
        dependsOn: [],
        jobDefinition: definition,
        parameters: { mode: "full" },
        container: { image: "busybox", command: o.command ?? ["run", "--media_id", "m-1"], volumes: [] },
        tags: { team: "media" },
        propagateTags: false,
        platformCapabilities: [],
        someFutureField: { nested: true },
        ...extra
      }
    })
  }
  const outcome = o.outcome ?? "SUCCEEDED"
  emit("RUNNABLE")
  if (outcome === "RUNNABLE") return events
  const retries = o.retries ?? 0
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    t += 30_000
    emit("STARTING")
    t += 10_000
    const startedAt = t + 123
    emit("RUNNING", { startedAt })
    if (outcome === "RUNNING" && attempt === retries + 1) return events
    t += 60_000
    const stoppedAt = t + 456
    const last = attempt === retries + 1
    attempts.push({
      container: { exitCode: last && outcome === "SUCCEEDED" ? 0 : 1, logStreamName: `s/${attempt}` },
      startedAt,
      stoppedAt,
      statusReason: last && outcome === "SUCCEEDED" ? "Essential container in task exited" : "exit 1"
    })
    if (last) emit(outcome, { startedAt, stoppedAt, ...(outcome === "FAILED" ? { statusReason: "exit 1" } : {}) })
    else {
      t += 1_000
      emit("RUNNABLE", { startedAt })
    }
  }
  return events
}

/** Decodes raw events (throws on bad test data). */
export const decodeAll = (raws: ReadonlyArray<unknown>, J: typeof Jobs): Array<Jobs.BatchJobStateChange> =>
  raws.map((r) => {
    const d = J.decodeBatchJobStateChange(r)
    if (d._tag === "Failure") throw new Error(d.failure.message)
    return d.success
  })
