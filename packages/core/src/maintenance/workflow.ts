import { Clock, Context, Effect, Result, Schema } from "effect"
import type { BatchJobSpec, Deployment, ImportJobSpec, SolutionSpec } from "../config/Deployment.ts"
import { supportsUpdateTraining } from "../config/Draft.ts"
import { type EventStore, handleCommand } from "../kernel/index.ts"
import { Metrics as MetricsPublisher } from "../monitoring/ports.ts"
import { Notifications } from "../notify/Notifications.ts"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { Personalize } from "../personalize/Personalize.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import { resourceKey } from "../provisioning/DesiredResource.ts"
import { observe } from "../provisioning/Observed.ts"
import { datedOutputPrefix, importRunName, runName, trainingRunName } from "./BatchRuns.ts"
import { decideImport, parseMaxAge } from "./ImportRules.ts"
import {
  type MaintenanceState,
  maintenanceCodec,
  maintenanceDecider,
  maintenanceStream,
  type RunEnded,
  RunFailed,
  RunSkipped,
  RunSucceeded,
  runRecordOf,
  VersionKept,
  VersionPromoted
} from "./MaintenanceRun.ts"
import { decidePromotion, type GateSettings, type SolutionMetrics } from "./PromotionGate.ts"
import { batchJobBaseName, MaintenanceInput } from "./Schedules.ts"

/**
 * The maintenance workflow as a reconcile step: each call observes, decides, starts what is due and
 * records events, then says how long to wait. The Step Functions definition loops Task → Choice → Wait
 * on it; `simulate` loops it in-process on the twin's clock. Same code, so the two cannot disagree.
 */

/** GetSolutionMetrics: a solution version's offline metrics. */
export class SolutionMetricsSource extends Context.Service<
  SolutionMetricsSource,
  { readonly get: (solutionVersionArn: ResourceArn) => Effect.Effect<SolutionMetrics, PersonalizeError> }
>()("@personalize-ops/core/maintenance/SolutionMetricsSource") {}

/** When a data location last changed (S3 LastModified of its newest object); undefined when unknown. */
export class DataFreshness extends Context.Service<
  DataFreshness,
  { readonly lastModified: (location: string) => Effect.Effect<number | undefined> }
>()("@personalize-ops/core/maintenance/DataFreshness") {}

/** The deployment-wide settings of a maintenance run. */
export interface WorkflowSettings {
  readonly gate: GateSettings
  /** CloudWatch namespace of the solution metrics (one for the deployment). */
  readonly metricsNamespace: string
  readonly region: string
  /** Seconds between polls of a running job or training. */
  readonly pollSeconds: number
  /** Where batch jobs write when the config does not say. */
  readonly batchPrefix: string
}

export const defaultWorkflowSettings: WorkflowSettings = {
  gate: { metric: "normalized_discounted_cumulative_gain_at_25", tolerance: 0 },
  metricsNamespace: "PersonalizeOps/SolutionMetrics",
  region: "us-east-1",
  pollSeconds: 300,
  batchPrefix: "s3://personalize-ops-batch"
}

/** The state one step hands the next (the Step Functions execution's JSON between iterations). */
export const MaintenanceStepState = Schema.Struct({
  input: MaintenanceInput,
  runId: Schema.String,
  /** When the schedule fired (epoch ms). */
  at: Schema.Number,
  phase: Schema.Literals(["start", "importing", "training", "promoting", "batch", "done"]),
  resourceArn: Schema.optionalKey(Schema.String),
  mode: Schema.optionalKey(Schema.String),
  /** Promotion: the candidate's and serving version's metrics, the campaigns being moved. */
  metrics: Schema.optionalKey(Schema.Record(Schema.String, Schema.Number)),
  reason: Schema.optionalKey(Schema.String),
  servingVersionArn: Schema.optionalKey(Schema.String),
  campaigns: Schema.optionalKey(Schema.Array(Schema.String)),
  /** How long to wait before the next step (0 when done). */
  waitSeconds: Schema.Number,
  outcome: Schema.optionalKey(Schema.Literals(["succeeded", "skipped", "failed", "promoted", "kept"]))
})
export type MaintenanceStepState = typeof MaintenanceStepState.Type

/** The first state of a run fired by a schedule at `at`. */
export const startState = (input: MaintenanceInput, at: number): MaintenanceStepState => ({
  input,
  runId: `${input.task}-${input.target}-${at}`,
  at,
  phase: "start",
  waitSeconds: 0
})

type Deps = Personalize | EventStore | Notifications | MetricsPublisher | SolutionMetricsSource | DataFreshness

const isFailed = (d: ResourceDescription) => d.status === "CREATE_FAILED" || d.status === "CREATE_STOPPED"

const errorText = (e: { readonly _tag: string; readonly message?: string }) =>
  `${e._tag}${e.message ? `: ${e.message}` : ""}`

/** What every phase of one step shares: the run, its stream, and how it waits, ends or fails. */
interface StepContext {
  readonly deployment: Deployment
  readonly settings: WorkflowSettings
  readonly state: MaintenanceStepState
  readonly runFields: { readonly runId: string; readonly task: MaintenanceInput["task"]; readonly target: string }
  readonly wait: (patch: Partial<MaintenanceStepState>) => MaintenanceStepState
  readonly end: (event: RunEnded, recorded?: boolean) => Effect.Effect<MaintenanceStepState, never, Deps>
  readonly fail: (reason: string, resourceArn?: string) => Effect.Effect<MaintenanceStepState, never, Deps>
  readonly commandContext: { readonly correlationId: string; readonly actor: string }
  readonly stream: ReturnType<typeof maintenanceStream>
}

const makeContext = (deployment: Deployment, settings: WorkflowSettings, state: MaintenanceStepState): StepContext => {
  const { input } = state
  const stream = maintenanceStream(input.task, input.target)
  const commandContext = { correlationId: state.runId, actor: "maintenance" }
  // Records the ending event (unless the decider already did) and notifies: every outcome is both.
  const end = (event: RunEnded, recorded = false) =>
    Effect.gen(function* () {
      if (!recorded)
        yield* handleCommand({
          decider: maintenanceDecider,
          codec: maintenanceCodec,
          stream,
          command: { _tag: "EndRun", event },
          context: commandContext
        }).pipe(Effect.orDie)
      const record = runRecordOf(event, state.at)
      const notifications = yield* Notifications
      yield* notifications
        .publish({
          subject: `personalize-ops maintenance: ${record.task} ${record.target} ${record.outcome}`,
          message: `${record.task} of ${record.target} (fired ${record.at}): ${record.outcome}${record.reason === undefined ? "" : ` — ${record.reason}`}`,
          region: settings.region,
          detail: { ...record }
        })
        .pipe(Effect.ignore)
      return {
        ...state,
        phase: "done" as const,
        waitSeconds: 0,
        outcome: record.outcome,
        ...(record.reason === undefined ? {} : { reason: record.reason }),
        ...(record.metrics === undefined ? {} : { metrics: record.metrics })
      }
    })
  const runFields = { runId: state.runId, task: input.task, target: input.target }
  return {
    deployment,
    settings,
    state,
    runFields,
    stream,
    commandContext,
    wait: (patch) => ({ ...state, ...patch, waitSeconds: settings.pollSeconds }),
    end,
    fail: (reason, resourceArn) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        end(RunFailed.make({ ...runFields, at: now, reason, ...(resourceArn === undefined ? {} : { resourceArn }) }))
      )
  }
}

/** Runs one step of a maintenance run. */
export const maintenanceStep = (
  deployment: Deployment,
  settings: WorkflowSettings,
  state: MaintenanceStepState
): Effect.Effect<MaintenanceStepState, never, Deps> => {
  const ctx = makeContext(deployment, settings, state)
  const body: Effect.Effect<MaintenanceStepState, PersonalizeError, Deps> = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    switch (state.phase) {
      case "done":
        return state
      case "start":
        return yield* startPhase(ctx, now)
      case "importing":
      case "batch":
        return yield* jobPhase(ctx, now)
      case "training":
        return yield* trainingPhase(ctx, now)
      case "promoting":
        return yield* promotingPhase(ctx, now)
    }
  })
  return body.pipe(Effect.catch((e) => ctx.fail(errorText(e), state.resourceArn)))
}

/** Start: records the run (or that it was skipped), then begins the import, the training or the batch job. */
const startPhase = (ctx: StepContext, now: number) =>
  Effect.gen(function* () {
    const started = yield* handleCommand({
      decider: maintenanceDecider,
      codec: maintenanceCodec,
      stream: ctx.stream,
      command: { _tag: "StartRun", ...ctx.runFields, at: ctx.state.at },
      context: ctx.commandContext
    }).pipe(Effect.orDie)
    const skipped = started.events.find((e) => e._tag === "RunSkipped")
    if (skipped !== undefined) return yield* ctx.end(skipped, true)
    const begun = yield* begin(ctx.deployment, ctx.settings, ctx.state, started.state, now)
    return "skip" in begun ? yield* ctx.end(RunSkipped.make({ ...ctx.runFields, at: now, reason: begun.skip })) : begun
  })

/** An import or a batch job running: succeeded when ACTIVE, failed when it failed, else wait. */
const jobPhase = (ctx: StepContext, now: number) =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const { state } = ctx
    const arn = state.resourceArn as ResourceArn
    const kind =
      state.phase === "importing"
        ? "DatasetImportJob"
        : state.input.task === "batch-segment"
          ? "BatchSegmentJob"
          : "BatchInferenceJob"
    const job = yield* personalize.describe(kind, arn)
    if (job.status === "ACTIVE")
      return yield* ctx.end(RunSucceeded.make({ ...ctx.runFields, at: now, resourceArn: arn }))
    if (isFailed(job)) return yield* ctx.fail(`${kind} ${job.name}: ${job.failureReason ?? job.status}`, arn)
    return ctx.wait({})
  })

/** Training: once the version is ACTIVE, its metrics are published and the gate decides (promote or keep). */
const trainingPhase = (ctx: StepContext, now: number) =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const { deployment, settings, state, runFields } = ctx
    const arn = state.resourceArn as ResourceArn
    const version = yield* personalize.describe("SolutionVersion", arn)
    if (isFailed(version))
      return yield* ctx.fail(`solution version ${arn}: ${version.failureReason ?? version.status}`, arn)
    if (version.status !== "ACTIVE") return ctx.wait({})
    const metricsSource = yield* SolutionMetricsSource
    const candidate = yield* metricsSource.get(arn)
    yield* publishMetrics(deployment, settings, state.input.target, arn, candidate, now)
    const observed = yield* observe(deployment)
    const campaigns = deployment.solutions
      .find((s) => s.name === state.input.target)
      ?.campaigns.map((c) => observed.resources.get(resourceKey("Campaign", c.name)))
      .filter((c): c is ResourceDescription => c !== undefined && c.status === "ACTIVE")
    if (campaigns === undefined || campaigns.length === 0)
      return yield* ctx.end(
        RunSucceeded.make({
          ...runFields,
          at: now,
          resourceArn: arn,
          reason: "trained; no campaign serves this solution",
          metrics: candidate
        })
      )
    const servingArn = campaigns[0]!.attributes["solutionVersionArn"] as ResourceArn | undefined
    const serving = servingArn === undefined || servingArn === arn ? undefined : yield* metricsSource.get(servingArn)
    const decision = decidePromotion(settings.gate, candidate, serving)
    const metrics = {
      ...candidate,
      ...(decision.serving === undefined ? {} : { [`serving_${decision.metric}`]: decision.serving })
    }
    const serves = servingArn === undefined ? {} : { servingVersionArn: servingArn }
    if (decision._tag === "Keep")
      return yield* ctx.end(
        VersionKept.make({ ...runFields, at: now, versionArn: arn, ...serves, reason: decision.reason, metrics })
      )
    for (const campaign of campaigns)
      yield* personalize.update({ kind: "Campaign", arn: campaign.arn, solutionVersionArn: arn })
    return ctx.wait({
      phase: "promoting",
      campaigns: campaigns.map((c) => c.arn),
      metrics,
      reason: decision.reason,
      ...serves
    })
  })

/** Promoting: every campaign's update must finish; one that fails fails the run, the others stay. */
const promotingPhase = (ctx: StepContext, now: number) =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const { state } = ctx
    const arn = state.resourceArn as ResourceArn
    const campaigns = yield* Effect.forEach(state.campaigns ?? [], (c) =>
      personalize.describe("Campaign", c as ResourceArn)
    )
    const failed = campaigns.find((c) => c.latestUpdate?.status === "CREATE_FAILED")
    if (failed !== undefined)
      return yield* ctx.fail(`campaign ${failed.name} update: ${failed.latestUpdate?.failureReason ?? "failed"}`, arn)
    const pending = campaigns.some(
      (c) => c.status !== "ACTIVE" || (c.latestUpdate !== undefined && c.latestUpdate.status !== "ACTIVE")
    )
    if (pending) return ctx.wait({})
    return yield* ctx.end(
      VersionPromoted.make({
        ...ctx.runFields,
        at: now,
        versionArn: arn,
        ...(state.servingVersionArn === undefined ? {} : { previousVersionArn: state.servingVersionArn }),
        reason: state.reason ?? "",
        metrics: state.metrics ?? {}
      })
    )
  })

/** The first acting step: decides skip rules, then starts the import, the training or the batch job. */
const begin = (
  deployment: Deployment,
  settings: WorkflowSettings,
  state: MaintenanceStepState,
  history: MaintenanceState,
  now: number
): Effect.Effect<MaintenanceStepState | { readonly skip: string }, PersonalizeError, Deps> =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const { input } = state
    const skip = (reason: string) => Effect.succeed({ skip: reason })
    const polling = (patch: Partial<MaintenanceStepState>): MaintenanceStepState => ({
      ...state,
      ...patch,
      waitSeconds: settings.pollSeconds
    })
    const observed = yield* observe(deployment)
    const arnOf = (kind: Parameters<typeof resourceKey>[0], name: string) =>
      observed.resources.get(resourceKey(kind, name))

    if (input.task === "import") {
      const dataset = deployment.datasets.find((d) => d.name === input.target)
      const spec: ImportJobSpec | undefined =
        dataset?.imports.find((i) => i.schedule !== undefined) ?? dataset?.imports[0]
      const datasetArn = arnOf("Dataset", input.target)
      if (spec === undefined || datasetArn === undefined)
        return yield* skip(`dataset ${input.target} is not provisioned`)
      const maxAgeText = deployment.datasetGroup.maxAge
      const maxAge = maxAgeText === undefined ? undefined : parseMaxAge(maxAgeText)
      const freshness = yield* DataFreshness
      const lastModified = yield* freshness.lastModified(spec.dataLocation)
      const decision = decideImport({
        now,
        mode: spec.importMode,
        ...(maxAge !== undefined && Result.isSuccess(maxAge) ? { maxAgeMs: maxAge.success } : {}),
        ...(history.lastImport === undefined ? {} : { last: history.lastImport }),
        data: lastModified === undefined ? {} : { lastModified }
      })
      if (decision._tag === "Skip") return yield* skip(decision.reason)
      const arn = yield* personalize.create({
        kind: "DatasetImportJob",
        name: importRunName(input.target, state.at),
        datasetArn: datasetArn.arn,
        dataLocation: spec.dataLocation,
        importMode: decision.mode,
        ...((spec.roleArn ?? deployment.roleArn) === undefined
          ? {}
          : { roleArn: (spec.roleArn ?? deployment.roleArn)! })
      })
      return polling({ phase: "importing", resourceArn: arn, mode: decision.mode })
    }

    if (input.task === "full" || input.task === "update") {
      const solution = deployment.solutions.find((s) => s.name === input.target)
      const solutionArn = arnOf("Solution", input.target)
      if (solution === undefined || solutionArn === undefined)
        return yield* skip(`solution ${input.target} is not provisioned`)
      const current = arnOf("SolutionVersion", input.target)
      // UPDATE needs a recipe that supports it and an ACTIVE version to update; else FULL, as the MLOps solution does.
      const mode =
        input.task === "update" && supportsUpdateTraining(solution.recipeArn) && current?.status === "ACTIVE"
          ? "UPDATE"
          : "FULL"
      if (
        current !== undefined &&
        current.status !== undefined &&
        !["ACTIVE", "CREATE_FAILED", "CREATE_STOPPED"].includes(current.status)
      )
        return yield* skip(`version ${current.arn} is still training (${current.status})`)
      const arn = yield* personalize.create({
        kind: "SolutionVersion",
        name: trainingRunName(input.target, mode, state.at),
        solutionArn: solutionArn.arn,
        trainingMode: mode
      })
      return polling({ phase: "training", resourceArn: arn, mode })
    }

    // Batch runs: on the version campaigns serve, else the solution's current ACTIVE version.
    const kind = input.task === "batch-segment" ? "BatchSegmentJob" : "BatchInferenceJob"
    const located = locateBatchJob(
      deployment,
      input.task === "batch-segment" ? "batch-segment" : "batch-inference",
      input.target
    )
    if (located === undefined) return yield* skip(`no ${input.task} job named ${input.target} in the config`)
    const { solution, job } = located
    const campaign = solution.campaigns
      .map((c) => arnOf("Campaign", c.name))
      .find((c) => c?.attributes["solutionVersionArn"] !== undefined)
    const current = arnOf("SolutionVersion", solution.name)
    const versionArn =
      (campaign?.attributes["solutionVersionArn"] as ResourceArn | undefined) ??
      (current?.status === "ACTIVE" ? current.arn : undefined)
    if (versionArn === undefined) return yield* skip(`solution ${solution.name} has no ACTIVE version to run on`)
    const name = runName(input.target, state.at)
    const base = job.outputPath ?? `${settings.batchPrefix}/${deployment.datasetGroup.name}/${solution.name}/`
    const filter = job.filterName === undefined ? undefined : arnOf("Filter", job.filterName)
    const filterArn = filter?.arn ?? (job.filterArn as ResourceArn | undefined)
    const arn = yield* personalize.create({
      kind,
      name,
      solutionVersionArn: versionArn,
      inputPath:
        job.inputPath ?? `${settings.batchPrefix}/${deployment.datasetGroup.name}/${solution.name}/job_config.json`,
      outputPath: datedOutputPrefix(base, state.at, name),
      roleArn: job.roleArn ?? deployment.roleArn ?? "",
      ...(filterArn === undefined ? {} : { filterArn }),
      ...(job.numResults === undefined ? {} : { numResults: job.numResults }),
      ...(job.jobConfig === undefined ? {} : { jobConfig: job.jobConfig })
    })
    return polling({ phase: "batch", resourceArn: arn })
  })

/** The solution and batch job a batch task's target names (the job's base name), if the config declares it. */
const locateBatchJob = (
  deployment: Deployment,
  task: "batch-inference" | "batch-segment",
  target: string
): { readonly solution: SolutionSpec; readonly job: BatchJobSpec } | undefined => {
  for (const solution of deployment.solutions) {
    const jobs = task === "batch-segment" ? solution.batchSegmentJobs : solution.batchInferenceJobs
    const job = jobs.find((j, i) => batchJobBaseName(solution.name, task, i, j.name) === target)
    if (job !== undefined) return { solution, job }
  }
  return undefined
}

/** Publishes a version's offline metrics to CloudWatch: one namespace, dimensions dataset group / solution / version. */
const publishMetrics = (
  deployment: Deployment,
  settings: WorkflowSettings,
  solution: string,
  versionArn: string,
  metrics: SolutionMetrics,
  now: number
) =>
  Effect.gen(function* () {
    const publisher = yield* MetricsPublisher
    const dimensions = [
      { name: "DatasetGroup", value: deployment.datasetGroup.name },
      { name: "Solution", value: solution },
      { name: "SolutionVersion", value: versionArn.slice(versionArn.lastIndexOf("/") + 1) }
    ]
    yield* publisher
      .putMetricData(
        settings.region,
        settings.metricsNamespace,
        Object.entries(metrics).map(([metricName, value]) => ({
          metricName,
          dimensions,
          value,
          unit: "None" as const,
          timestamp: now
        }))
      )
      .pipe(Effect.ignore)
  })

/**
 * Runs a maintenance run to its end in-process: step, sleep as the step asks (on the Clock), step again.
 * Deployed, the Step Functions definition does the same with Wait states.
 */
export const runMaintenance = (
  deployment: Deployment,
  settings: WorkflowSettings,
  input: MaintenanceInput,
  at: number,
  maxSteps = 500
): Effect.Effect<MaintenanceStepState, never, Deps> =>
  Effect.gen(function* () {
    let state = startState(input, at)
    for (let i = 0; i < maxSteps && state.phase !== "done"; i++) {
      if (state.waitSeconds > 0) yield* Effect.sleep(state.waitSeconds * 1000)
      state = yield* maintenanceStep(deployment, settings, state)
    }
    return state
  })
