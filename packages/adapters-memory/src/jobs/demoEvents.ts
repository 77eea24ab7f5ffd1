// Seeded, realistic Batch Job State Change events for demos and tests (`jobs serve --demo`).
import { seededRandom } from "../simulation/seededRandom.ts"

const kinds = [
  { queue: "media-ingest", definition: "ingest-worker", name: "ingest" },
  { queue: "storage-tier", definition: "storage-mover", name: "storage" },
  { queue: "assembly", definition: "zip-packager", name: "assembly" },
  { queue: "ml-gpu", definition: "ocr-text-recognition", name: "ocr" }
] as const

const regions = ["eu-west-1", "us-east-1"] as const

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z")

/** Rules that classify the demo jobs like `examples/jobs/rules.json` does (used when no rules are given). */
export const demoRules = {
  taskTypes: [
    { taskType: "Ingest", jobQueue: "ingest" },
    { taskType: "Assembly (Zip Package)", jobName: "^assembly-", jobDefinition: "assembly|zip" },
    { taskType: "Storage", jobQueue: "storage" },
    { taskType: "Text Recognition", jobDefinition: "ocr|text-recognition" }
  ],
  defaultTaskType: "Other",
  ids: [{ id: "media_id", from: "commandArg" as const, arg: "--media_id" }]
}

/** Options: how many jobs, the PRNG seed, and `now` (jobs are submitted over the preceding `spanMs`). */
export interface DemoOptions {
  readonly jobs: number
  readonly seed: number
  readonly now: number
  readonly spanMs?: number
}

/** Events (as parsed JSON) of `jobs` jobs, shuffled a little and with some redeliveries, like EventBridge. */
export const generateDemoEvents = (options: DemoOptions): Array<Record<string, unknown>> => {
  const rand = seededRandom(options.seed)
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rand() * xs.length)]!
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rand() * 16)]).join("")
  const span = options.spanMs ?? 3 * 86_400_000
  const out: Array<Record<string, unknown>> = []
  for (let j = 0; j < options.jobs; j++) {
    const kind = pick(kinds)
    const region = pick(regions)
    const jobId = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`
    const mediaId = hex(24)
    const createdAt = Math.floor(options.now - rand() * span)
    const arn = (type: string, name: string) => `arn:aws:batch:${region}:123456789012:${type}/${name}`
    const r = rand()
    const outcome = r < 0.6 ? "SUCCEEDED" : r < 0.8 ? "FAILED" : r < 0.9 ? "RUNNING" : "RUNNABLE"
    const retries = rand() < 0.15 ? 1 : 0
    const attempts: Array<Record<string, unknown>> = []
    let t = createdAt
    let n = 0
    const emit = (status: string, extra: Record<string, unknown> = {}) => {
      if (t > options.now) return false
      n++
      out.push({
        version: "0",
        id: `${jobId.slice(0, 8)}-${hex(4)}-${n}`,
        "detail-type": "Batch Job State Change",
        source: "aws.batch",
        account: "123456789012",
        time: iso(t),
        region,
        resources: [arn("job", jobId)],
        detail: {
          jobArn: arn("job", jobId),
          jobName: `${kind.name}-${mediaId}`,
          jobId,
          jobQueue: arn("job-queue", kind.queue),
          status,
          attempts: attempts.map((a) => ({ ...a })),
          createdAt,
          retryStrategy: { attempts: retries + 1 },
          dependsOn: [],
          jobDefinition: `${arn("job-definition", kind.definition)}:${1 + Math.floor(rand() * 3)}`,
          parameters: {},
          container: { image: `${kind.name}:latest`, command: ["python", "main.py", "--media_id", mediaId] },
          tags: { team: "media" },
          platformCapabilities: ["EC2"],
          ...extra
        }
      })
      return true
    }
    emit("RUNNABLE")
    if (outcome === "RUNNABLE") continue
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      t += Math.floor(5_000 + rand() * 600_000)
      if (!emit("STARTING")) break
      t += Math.floor(5_000 + rand() * 60_000)
      const startedAt = t
      if (!emit("RUNNING", { startedAt })) break
      if (outcome === "RUNNING" && attempt === retries + 1) break
      t += Math.floor(30_000 + rand() * 3_600_000)
      const last = attempt === retries + 1
      const ok = last && outcome === "SUCCEEDED"
      attempts.push({ container: { exitCode: ok ? 0 : 1 }, startedAt, stoppedAt: t, statusReason: ok ? "" : "exit 1" })
      if (last) {
        emit(outcome, {
          startedAt,
          stoppedAt: t,
          ...(ok ? {} : { statusReason: "Essential container in task exited" })
        })
      } else {
        t += 1_000
        if (!emit("RUNNABLE", { startedAt })) break
      }
    }
  }
  // EventBridge neither orders nor deduplicates: swap some neighbours and redeliver a few events.
  for (let i = 1; i < out.length; i++) if (rand() < 0.1) [out[i - 1], out[i]] = [out[i]!, out[i - 1]!]
  const redeliveries = out.filter(() => rand() < 0.03)
  return [...out, ...redeliveries]
}
