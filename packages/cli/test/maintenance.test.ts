// simulate --days and the schedules commands, from the MLOps solution's sample config on disk; the AWS
// target through the real Scheduler client against a local restJson1 endpoint (endpoint from the environment).
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { layerAwsScheduler } from "@personalize-ops/adapters-aws"
import { SchedulerClients } from "@personalize-ops/adapters-aws/sdk/SchedulerClients"
import {
  type LocalScheduler,
  type LocalWorkflowAws,
  startLocalScheduler,
  startLocalWorkflowAws
} from "@personalize-ops/adapters-aws/testing"
import { Maintenance } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const config = join(repo, "examples", "configs", "mlops-maintenance.json")

const cli = async (...args: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(args, { ...out.io, readFile: processIo.readFile })
  return { code, stdout: out.stdout(), stderr: out.stderr() }
}

interface Run {
  readonly task: string
  readonly target: string
  readonly at: string
  readonly outcome: string
  readonly reason?: string
  readonly metrics?: Record<string, number>
}

describe("simulate --days", () => {
  it("--json adds maintenance.runs in the issue's shape, deterministic for a seed", async () => {
    const first = await cli("simulate", config, "--days", "7", "--seed", "3", "--json")
    expect(first.stderr).toBe("")
    expect(first.code).toBe(0)
    const report = JSON.parse(first.stdout) as { ok: boolean; resources: unknown[]; maintenance: { runs: Run[] } }
    expect(report.ok).toBe(true)
    expect(report.resources.length).toBeGreaterThan(0)
    const runs = report.maintenance.runs
    expect(new Set(runs.map((r) => r.task))).toEqual(new Set(["import", "full", "batch-inference", "batch-segment"]))
    for (const r of runs) {
      expect(Object.keys(r).every((k) => ["task", "target", "at", "outcome", "reason", "metrics"].includes(k))).toBe(
        true
      )
      expect(["succeeded", "skipped", "failed", "promoted", "kept"]).toContain(r.outcome)
      expect(new Date(r.at).toISOString()).toBe(r.at)
    }
    expect(runs.some((r) => r.outcome === "promoted" || r.outcome === "kept")).toBe(true)
    const again = await cli("simulate", config, "--days", "7", "--seed", "3", "--json")
    expect(again.stdout).toBe(first.stdout)
  })

  it("--days 30 --json on the MLOps solution's sample config: every schedule fires on time, gated runs carry metrics", async () => {
    const fixture = join(repo, "..", "shared", "fixtures", "anchors", "mlops-solution", "sample_config.json")
    const { code, stdout } = await cli("simulate", fixture, "--days", "30", "--seed", "7", "--json")
    expect(code).toBe(0)
    const runs = (JSON.parse(stdout) as { maintenance: { runs: Run[] } }).maintenance.runs
    const at = (task: string, target: string) =>
      runs.filter((r) => r.task === task && r.target === target).map((r) => new Date(r.at))
    // Imports every 6 h on the hour; batch jobs daily at 03:00; FULL retraining weekly on Sunday (cron day 1).
    const imports = at("import", "unit_test_only_users")
    expect(imports.length).toBeGreaterThanOrEqual(4 * 29)
    for (const t of imports) expect([t.getUTCHours() % 6, t.getUTCMinutes(), t.getUTCSeconds()]).toEqual([0, 0, 0])
    for (const [a, b] of imports.slice(1).map((t, i) => [imports[i]!, t] as const))
      expect(b.getTime() - a.getTime()).toBe(6 * 3_600_000)
    const batch = at("batch-inference", "unit_test_personalized_ranking_new_2-batch-inference")
    expect(batch.length).toBeGreaterThanOrEqual(29)
    for (const t of batch) expect([t.getUTCHours(), t.getUTCMinutes()]).toEqual([3, 0])
    const full = at("full", "unit_test_personalized_ranking_new")
    expect(full.length).toBeGreaterThanOrEqual(4)
    for (const t of full) expect([t.getUTCDay(), t.getUTCHours(), t.getUTCMinutes()]).toEqual([0, 2, 0])
    const gated = runs.filter((r) => r.outcome === "promoted" || r.outcome === "kept")
    expect(new Set(gated.map((r) => r.outcome))).toEqual(new Set(["promoted", "kept"]))
    for (const r of gated) expect(r.metrics?.["normalized_discounted_cumulative_gain_at_25"]).toBeTypeOf("number")
  })

  it("prints each schedule's runs and the gate's decisions for people", async () => {
    const { code, stdout } = await cli("simulate", config, "--days", "2")
    expect(code).toBe(0)
    expect(stdout).toContain("Maintenance (2 days simulated):")
    expect(stdout).toMatch(/import\s+unit_test_only_users\s+every 6 hours at minute 0 \(UTC\)\s+\d+ runs/)
  })

  it("--days must be a positive integer", async () => {
    const { code, stderr } = await cli("simulate", config, "--days", "zero")
    expect(code).toBe(2)
    expect(stderr).toContain('Invalid value for flag --days: "zero"')
    const zero = await cli("simulate", config, "--days", "0")
    expect(zero.code).toBe(2)
    expect(zero.stderr).toContain("--days must be an integer from 1 to 3660")
  })
})

describe("schedules on the memory target (the state file apply left)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-schedules-"))
  const state = join(dir, "state.db")
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const on = ["--state", state, "--instance", "acme"]
  const list = async () =>
    JSON.parse((await cli("schedules", "list", config, ...on, "--json")).stdout).schedules as ReadonlyArray<{
      name: string
      group: string
      state: string
      inWords: string
      next: string[]
      expression: string
    }>

  it("before apply, each of the config's schedules is NOT_CREATED; after, ENABLED with its next three fire times", async () => {
    const before = await list()
    expect(before.length).toBe(9)
    expect(before.every((s) => s.state === "NOT_CREATED" && s.next.length === 0)).toBe(true)
    const applied = await cli("apply", config, ...on)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain("Schedules (group acme-unit_test_new_datasetgroup): 10 created")
    const schedules = await list()
    expect(schedules.length).toBe(9)
    const imports = schedules.find((s) => s.name === "acme-import-unit_test_only_users")
    expect(imports?.group).toBe("acme-unit_test_new_datasetgroup")
    expect(imports?.state).toBe("ENABLED")
    expect(imports?.inWords).toBe("every 6 hours at minute 0 (UTC)")
    expect(imports?.next.length).toBe(3)
    for (const t of imports?.next ?? []) expect(new Date(t).getUTCHours() % 6).toBe(0)
    const weekly = schedules.find((s) => s.expression === "cron(0 0 ? * 1 *)")
    expect(weekly?.inWords).toBe("at 00:00 on Sunday (UTC)")
    for (const t of weekly?.next ?? []) expect(new Date(t).getUTCDay()).toBe(0)
    const human = await cli("schedules", "list", config, ...on)
    expect(human.stdout).toContain("acme-import-unit_test_only_users  [ENABLED]")
  })

  it("deactivate and activate a schedule by name; an unknown name is ScheduleNotFound", async () => {
    const name = "acme-import-unit_test_only_users"
    const off = await cli("schedules", "deactivate", name, ...on)
    expect(off.stdout).toBe(`${name} (acme-unit_test_new_datasetgroup): DISABLED\n`)
    const disabled = (await list()).find((s) => s.name === name)
    expect([disabled?.state, disabled?.next]).toEqual(["DISABLED", []])
    // apply keeps an operator's DISABLED
    expect((await cli("apply", config, ...on)).code).toBe(0)
    expect((await list()).find((s) => s.name === name)?.state).toBe("DISABLED")
    expect((await cli("schedules", "activate", name, ...on)).code).toBe(0)
    expect((await list()).find((s) => s.name === name)?.state).toBe("ENABLED")
    const missing = await cli("schedules", "activate", "nope", ...on)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("ScheduleNotFound")
  })

  it("run-now runs a schedule's maintenance to its end on the state file's twin, recorded in its ledger", async () => {
    const full = (await list()).find((s) => s.name.startsWith("acme-full-"))
    if (full === undefined) throw new Error("the sample has a FULL retraining schedule")
    const r = await cli("schedules", "run-now", full.name, "--config", config, ...on, "--json")
    expect(r.stderr).toBe("")
    const run = JSON.parse(r.stdout) as Run & { schedule: string }
    expect(run.schedule).toBe(full.name)
    expect(run.task).toBe("full")
    expect(["promoted", "kept", "succeeded"]).toContain(run.outcome)
    expect(run.metrics?.["normalized_discounted_cumulative_gain_at_25"]).toBeGreaterThan(0)
    expect(r.code).toBe(0)
    // The ledger in the state file has the run: a second run-now is a new run.
    const again = await cli("schedules", "run-now", full.name, "--config", config, ...on)
    expect(again.stdout).toMatch(/: (promoted|kept|succeeded)/)
    expect(again.stdout).toContain("notification(s)")
  })

  it("run-now needs --config on the memory target; --state goes with the memory target", async () => {
    const noConfig = await cli("schedules", "run-now", "x", ...on)
    expect(noConfig.code).toBe(2)
    expect(noConfig.stderr).toContain("needs --config FILE")
    const both = await cli("schedules", "list", config, "--target", "aws", "--state", state)
    expect(both.code).toBe(2)
    expect(both.stderr).toContain("--state <file> is the memory target's")
  })
})

describe("schedules on the AWS target", () => {
  let local: LocalScheduler
  // The maintenance state machine the schedules start, behind a local Step Functions endpoint.
  const machine = "arn:aws:states:us-east-1:000000000000:stateMachine:acme-maintenance"
  let sfn: LocalWorkflowAws
  const variables = [
    "AWS_ENDPOINT_URL_SCHEDULER",
    "AWS_ENDPOINT_URL_SFN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY"
  ] as const
  const saved = variables.map((k) => [k, process.env[k]] as const)
  beforeAll(async () => {
    local = await startLocalScheduler()
    sfn = await startLocalWorkflowAws(machine)
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SCHEDULER: local.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local"
    })
  })
  afterAll(async () => {
    for (const [k, v] of saved)
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    await local.close()
    await sfn.close()
  })

  it("lists what exists in the group, and deactivates and activates a schedule by name", async () => {
    const seed = Effect.gen(function* () {
      const s = yield* Maintenance.Scheduler
      yield* s.createGroup("acme-unit_test_new_datasetgroup")
      yield* s.createSchedule({
        name: "acme-import-unit_test_only_users",
        group: "acme-unit_test_new_datasetgroup",
        expression: "cron(0 */6 * * ? *)",
        timeZone: "Europe/Berlin",
        state: "ENABLED",
        target: {
          arn: "arn:aws:states:us-east-1:000000000000:stateMachine:m",
          roleArn: "arn:aws:iam::000000000000:role/r",
          input: "{}"
        }
      })
    })
    await Effect.runPromise(
      seed.pipe(
        Effect.provide(
          layerAwsScheduler("us-east-1").pipe(
            Layer.provide(
              SchedulerClients.layerOptions({
                endpoint: local.endpoint,
                credentials: { accessKeyId: "local", secretAccessKey: "local" }
              })
            )
          )
        )
      )
    )
    const listed = await cli("schedules", "list", config, "--target", "aws", "--instance", "acme", "--json")
    expect(listed.stderr).toBe("")
    const rows = JSON.parse(listed.stdout).schedules as ReadonlyArray<{
      name: string
      task: string
      inWords: string
      state: string
      next: string[]
    }>
    expect(
      rows.filter((r) => r.state !== "NOT_CREATED").map((r) => [r.name, r.task, r.inWords, r.state, r.next.length])
    ).toEqual([
      ["acme-import-unit_test_only_users", "import", "every 6 hours at minute 0 (Europe/Berlin)", "ENABLED", 3]
    ])
    // The config's other schedules are not in the group yet: apply creates them.
    expect(rows.filter((r) => r.state === "NOT_CREATED").length).toBe(8)
    expect(
      (
        await cli(
          "schedules",
          "deactivate",
          "acme-import-unit_test_only_users",
          "--target",
          "aws",
          "--instance",
          "acme"
        )
      ).code
    ).toBe(0)
    const after = JSON.parse(
      (await cli("schedules", "list", config, "--target", "aws", "--instance", "acme", "--json")).stdout
    )
    const users = after.schedules.find((r: { name: string }) => r.name === "acme-import-unit_test_only_users")
    expect(users.state).toBe("DISABLED")
    expect(users.next).toEqual([])
    expect(
      (await cli("schedules", "activate", "acme-import-unit_test_only_users", "--target", "aws", "--instance", "acme"))
        .code
    ).toBe(0)
    const missing = await cli("schedules", "activate", "nope", "--target", "aws", "--instance", "acme")
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("ScheduleNotFound")
  })

  it("run-now starts the schedule's state machine with its input (as started by hand) through StartExecution", async () => {
    const input = { task: "full", target: "ranking", datasetGroup: "shop", schedule: "acme-full-ranking" }
    await Effect.runPromise(
      Effect.gen(function* () {
        const s = yield* Maintenance.Scheduler
        yield* s.createGroup("acme-shop")
        yield* s.createSchedule({
          name: "acme-full-ranking",
          group: "acme-shop",
          expression: "cron(0 2 ? * 1 *)",
          state: "ENABLED",
          target: {
            arn: machine,
            roleArn: "arn:aws:iam::000000000000:role/acme-scheduler",
            input: JSON.stringify(input)
          }
        })
        yield* s.createSchedule({
          name: "acme-not-ours",
          group: "acme-shop",
          expression: "rate(1 day)",
          state: "ENABLED",
          target: { arn: machine, roleArn: "arn:aws:iam::000000000000:role/acme-scheduler", input: "{}" }
        })
      }).pipe(
        Effect.provide(
          layerAwsScheduler("us-east-1").pipe(
            Layer.provide(
              SchedulerClients.layerOptions({
                endpoint: local.endpoint,
                credentials: { accessKeyId: "local", secretAccessKey: "local" }
              })
            )
          )
        )
      )
    )
    const r = await cli("schedules", "run-now", "acme-full-ranking", "--target", "aws", "--instance", "acme", "--json")
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { executionArn: string; started: boolean; stateMachineArn: string }
    expect(out.started).toBe(true)
    expect(out.stateMachineArn).toBe(machine)
    const [name, execution] = [...sfn.executions.entries()].at(-1) ?? []
    expect(name).toMatch(/^acme-full-ranking-run-now-\d{8}T\d{6}$/)
    expect(out.executionArn).toBe(execution?.arn)
    // The schedule's input without `schedule`: the run was started by hand, not fired.
    expect(JSON.parse(execution?.input ?? "")).toEqual({ task: "full", target: "ranking", datasetGroup: "shop" })
    const text = await cli("schedules", "run-now", "acme-full-ranking", "--target", "aws", "--instance", "acme")
    expect(text.stdout).toContain("full ranking")
    expect(text.stdout).toContain(":execution:acme-maintenance:acme-full-ranking-run-now-")
    // A schedule that does not exist, or whose input is not a maintenance input, starts nothing.
    const started = sfn.executions.size
    const missing = await cli("schedules", "run-now", "nope", "--target", "aws", "--instance", "acme")
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("ScheduleNotFound")
    const notInput = await cli("schedules", "run-now", "acme-not-ours", "--target", "aws", "--instance", "acme")
    expect(notInput.code).toBe(1)
    expect(notInput.stderr).toContain("is not a maintenance input")
    expect(sfn.executions.size).toBe(started)
  })
})
