// `personalize-ops workflow run --local`: the deployed provisioning path offline. An S3 event for the
// config → the real trigger handler → the generated state machine executed by aws-local-stepfunctions,
// its Reconcile and Notify tasks the real handlers, Personalize the in-memory twin on a virtual clock
// (each Wait state moves it on by the seconds the pass asked for), the bucket a local folder.
import { existsSync } from "node:fs"
import { basename, dirname, isAbsolute, relative, resolve } from "node:path"
import {
  type FaultProfileName,
  layerBucketFolderDataSource,
  layerMemoryEventStore,
  layerMemoryPersonalize,
  layerNodeDataSource,
  makeFolderConfigBucket,
  makeMemoryExecutions,
  makeMemoryScheduler
} from "@personalize-ops/adapters-memory"
import { Input, Maintenance, Monitoring, Notify, Personalize as P, Workflow } from "@personalize-ops/core"
import { ProvisioningHandlers } from "@personalize-ops/handlers"
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions"
import { type Clock, Duration, Effect, Layer, ManagedRuntime, Result } from "effect"
import * as ClockModule from "effect/Clock"
import { type StatesPayloadInvalid, statesJson } from "./statesJson.ts"

/** The definition as the service reads it: our generated ASL's JSON text read back (a fresh copy per run). */
const definitionJson = (definition: Workflow.AslDefinition): StateMachineDefinition =>
  JSON.parse(JSON.stringify(definition))

/** What a local run is given. */
export interface LocalRunOptions {
  /** The config file (any of the three formats). */
  readonly configPath: string
  /** The folder standing for the bucket (absent: the bucket is remote, every data location assumed present). */
  readonly dataDir?: string
  /** The bucket's name (what `{bucket}` stands for). */
  readonly bucket: string
  /** The config's key in the bucket (default: its path under the data folder, else its file name). */
  readonly key?: string
  readonly seed: number
  readonly faults: FaultProfileName
  /** The deployment's Personalize role (used when the config names none). */
  readonly roleArn: string
  readonly kmsKeyArn?: string
  readonly maxIterations: number
  readonly maxSeconds: number
  /** Where the handlers' JSON log lines go (absent: dropped). */
  readonly log?: (line: string) => void
}

/** One notification as each SNS protocol receives it. */
interface LocalNotification {
  readonly subject: string
  readonly protocol: "email" | "json" | "sms"
  readonly message: unknown
}

/** The `--json` contract of `workflow run --local`. */
export interface LocalRunResult {
  readonly status: "SUCCEEDED" | "FAILED"
  readonly execution?: string
  readonly mode?: Workflow.ProvisioningMode
  readonly iterations: number
  readonly simulatedSeconds: number
  readonly resources: ReadonlyArray<{ kind: string; name: string; arn?: string; status: string }>
  readonly failures: ReadonlyArray<Workflow.ExecutionFailure>
  readonly notImported: ReadonlyArray<string>
  readonly notifications: ReadonlyArray<LocalNotification>
  /** How many lifecycle events went to the (local) event bus. */
  readonly events: number
}

/** The execution state the trigger started the execution with (its input), decoded. */
const decodeStartedState = Input.decodeWithIssues(Workflow.ProvisioningExecution)

/** The region of the local deployment (the twin's account is 000000000000). */
const region = "us-east-1"
const stateMachineArn = `arn:aws:states:${region}:000000000000:stateMachine:personalize-ops-provisioning`
const reconcileArn = `arn:aws:lambda:${region}:000000000000:function:provisioning-reconcile`
const notifyArn = `arn:aws:lambda:${region}:000000000000:function:provisioning-notify`

/**
 * A clock that only moves when told: `advance` (the Wait states) and `sleep` (a retry's backoff inside
 * a pass) move virtual time on at once, so hours of training take no wall time and a run is the same
 * for the same seed.
 */
const makeVirtualClock = (start = 0) => {
  let now = start
  const nanos = () => BigInt(now) * 1_000_000n
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: nanos,
    monotonicTimeNanos: Effect.sync(nanos),
    sleep: (duration) =>
      Effect.sync(() => {
        now += Duration.toMillis(duration)
      })
  }
  const advance = (ms: number) => {
    now += ms
  }
  return { clock, advance, elapsed: () => now - start }
}

/** The key the config is "uploaded" as: its path under the data folder, else its file name. */
const configKeyOf = (configPath: string, dataDir: string | undefined): string => {
  if (dataDir === undefined) return basename(configPath)
  const within = relative(resolve(dataDir), resolve(configPath))
  return within.startsWith("..") || isAbsolute(within) ? basename(configPath) : within.split("\\").join("/")
}

/**
 * The bucket as the trigger sees it: the config at its key (read from its file), the rest from the data
 * folder; without a folder the bucket is remote (`holds` cannot tell, so data is assumed present).
 */
const localBucket = (configPath: string, key: string, options: LocalRunOptions): Workflow.ConfigBucket["Service"] => {
  const folder =
    options.dataDir === undefined ? undefined : makeFolderConfigBucket({ bucket: options.bucket, dir: options.dataDir })
  const config = makeFolderConfigBucket({ bucket: options.bucket, dir: dirname(configPath) })
  return Workflow.ConfigBucket.of({
    get: (bucket, k) =>
      bucket === options.bucket && k === key
        ? config.get(bucket, basename(configPath))
        : folder === undefined
          ? Effect.succeed(undefined)
          : folder.get(bucket, k),
    holds: (bucket, prefix) =>
      folder === undefined ? Effect.succeed("unknown" as const) : folder.holds(bucket, prefix)
  })
}

/**
 * What the twin reads for an import: `s3://<bucket>/…` from the data folder, other s3:// locations are
 * remote, and a local path (our format's offline data) relative to the config file.
 */
const localDataSource = (configDir: string, options: LocalRunOptions): Layer.Layer<P.DataSource> => {
  const inBucket =
    options.dataDir === undefined
      ? undefined
      : layerBucketFolderDataSource({ bucket: options.bucket, dir: options.dataDir })
  return Layer.effect(
    P.DataSource,
    Effect.gen(function* () {
      const node = yield* Effect.provide(Effect.service(P.DataSource), layerNodeDataSource)
      const bucket = inBucket === undefined ? undefined : yield* Effect.provide(Effect.service(P.DataSource), inBucket)
      return P.DataSource.of({
        read: (location) => {
          if (location.startsWith(`s3://${options.bucket}/`) && bucket !== undefined) return bucket.read(location)
          if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return node.read(location)
          return node.read(isAbsolute(location) ? location : resolve(configDir, location))
        }
      })
    })
  )
}

/** An S3 ObjectCreated notification for one key, as S3 sends it (the key URL-encoded). */
const s3Event = (bucket: string, key: string) => ({
  Records: [
    {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: region,
      eventName: "ObjectCreated:Put",
      s3: {
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeURIComponent(key).replace(/%2F/g, "/") }
      }
    }
  ]
})

/** The recorded notifications, one entry per protocol. */
const perProtocol = (n: Notify.Notification): ReadonlyArray<LocalNotification> =>
  n.protocols === undefined
    ? [{ subject: n.subject, protocol: "email", message: n.message }]
    : [
        { subject: n.subject, protocol: "email", message: n.protocols.email },
        { subject: n.subject, protocol: "json", message: n.protocols.json },
        { subject: n.subject, protocol: "sms", message: n.protocols.sms }
      ]

/** The failures of a finished execution, each with a named cause (a bound or a task error when no resource failed). */
const failuresOf = (state: Workflow.ProvisioningExecution): ReadonlyArray<Workflow.ExecutionFailure> => {
  if (Workflow.executionOutcome(state) === "succeeded") return []
  const failures = state.failures ?? []
  if (failures.length > 0) return failures
  return Workflow.failureCauses(state).map((cause) => ({
    kind: "Execution",
    name: state.correlationId,
    cause,
    dependents: []
  }))
}

/** The deployment's wiring, offline: the twin on a virtual clock, a memory ledger, recorded bus and notifications. */
const localWorld = (options: LocalRunOptions, configPath: string, key: string) => {
  const virtual = makeVirtualClock()
  const notifications: Array<Notify.Notification> = []
  const events: Array<Monitoring.BusEvent> = []
  const executions = makeMemoryExecutions(stateMachineArn)
  const schedules = Maintenance.instanceScheduleTargets(Maintenance.defaultMaintenanceSettings, "000000000000", region)
  const settings = Layer.succeed(ProvisioningHandlers.ProvisioningSettings, {
    region,
    stateMachineArn,
    configPrefix: "",
    roleArn: options.roleArn,
    kmsKeyArn: options.kmsKeyArn,
    notificationTopicArn: undefined,
    // The config's schedules go in a memory Scheduler, pointed at the instance's maintenance state machine.
    maintenanceStateMachineArn: schedules.stateMachineArn,
    schedulerRoleArn: schedules.roleArn
  })
  const twin = layerMemoryPersonalize({ seed: options.seed, faults: options.faults }).pipe(
    Layer.provide(localDataSource(dirname(configPath), options))
  )
  const shared = Layer.mergeAll(
    settings,
    twin,
    layerMemoryEventStore,
    Layer.succeed(Maintenance.Scheduler, makeMemoryScheduler({ region }).scheduler),
    Layer.succeed(Workflow.ConfigBucket, localBucket(configPath, key, options)),
    Layer.succeed(Workflow.Executions, executions.service),
    Layer.succeed(Notify.Notifications, { publish: (n) => Effect.sync(() => void notifications.push(n)) }),
    // Lifecycle events are kept as EventBridge would receive them.
    Layer.succeed(Monitoring.EventBus, { put: (_region, batch) => Effect.sync(() => void events.push(...batch)) })
  ).pipe(Layer.provideMerge(Layer.succeed(ClockModule.Clock, virtual.clock)))
  return { virtual, notifications, events, executions, runtime: ManagedRuntime.make(shared) }
}

/** The result when the trigger started nothing (an invalid config): FAILED, with the notification. */
const notStarted = (
  outcome: Workflow.TriggerOutcome | undefined,
  notifications: ReadonlyArray<Notify.Notification>
): LocalRunResult => ({
  status: "FAILED",
  iterations: 0,
  simulatedSeconds: 0,
  resources: [],
  failures:
    outcome?._tag === "Invalid"
      ? outcome.issues.map((i) => ({
          kind: "Config",
          name: i.path === "" ? "(the document)" : i.path,
          cause: i.message,
          dependents: []
        }))
      : [
          {
            kind: "Config",
            name: outcome?.key ?? "",
            cause: `the trigger did not start an execution (${outcome?._tag ?? "no outcome"})`,
            dependents: []
          }
        ],
  notImported: [],
  notifications: notifications.flatMap(perProtocol),
  events: 0
})

/**
 * Runs the provisioning workflow as deployed, offline: the trigger on an S3 event for the config, then
 * the execution it started on aws-local-stepfunctions (the generated definition with the given bounds),
 * every task the real handler. Never hangs: the passes and the virtual time are bounded.
 */
export const runWorkflowLocally = async (options: LocalRunOptions): Promise<LocalRunResult> => {
  const configPath = resolve(options.configPath)
  if (!existsSync(configPath)) throw new Error(`${options.configPath}: no such file`)
  const key = options.key ?? configKeyOf(configPath, options.dataDir)
  const world = localWorld(options, configPath, key)
  try {
    const layer = Layer.effectContext(world.runtime.contextEffect)
    const log = options.log ?? (() => {})
    const { makeTriggerHandler, makeReconcileHandler, makeNotifyHandler, provisioningDefinition } = ProvisioningHandlers
    const trigger = makeTriggerHandler(layer, { log })
    const reconcile = makeReconcileHandler(layer, { log })
    const notify = makeNotifyHandler(layer, { log })
    const { outcomes } = await trigger(s3Event(options.bucket, key))
    const started = world.executions.started()[0]
    if (started === undefined) return notStarted(outcomes[0], world.notifications)
    let last: Workflow.ProvisioningExecution | undefined
    const definition = provisioningDefinition(
      { reconcile: reconcileArn, notify: notifyArn },
      { maxIterations: options.maxIterations, maxSeconds: options.maxSeconds }
    )
    // A task output Step Functions could not carry fails the task; the run reports it as the cause.
    let invalid: StatesPayloadInvalid | undefined
    const payload = (task: string, output: unknown) => {
      const json = statesJson(task, output)
      if (Result.isSuccess(json)) return json.success
      invalid = json.failure
      throw json.failure
    }
    const machine = new StateMachine(definitionJson(definition), {
      validationOptions: { checkArn: true, checkPaths: true }
    })
    const run = machine.run(JSON.parse(started.input), {
      overrides: {
        taskResourceLocalHandlers: {
          // The Wait state lasted `waitSeconds` of virtual time: the twin's clock moves on before the pass.
          [Workflow.loopStates.reconcile]: (input) => {
            const wait = (input as { readonly waitSeconds?: unknown }).waitSeconds
            if (typeof wait === "number" && wait > 0) world.virtual.advance(wait * 1000)
            return reconcile(input).then((output) => payload(Workflow.loopStates.reconcile, output))
          },
          [Workflow.loopStates.notifySucceeded]: async (input) => {
            last = await notify(input)
            return payload(Workflow.loopStates.notifySucceeded, last)
          },
          [Workflow.loopStates.notifyFailed]: async (input) => {
            last = await notify(input)
            return payload(Workflow.loopStates.notifyFailed, last)
          }
        },
        waitTimeOverrides: { [Workflow.loopStates.wait]: 0 },
        retryIntervalOverrides: {
          [Workflow.loopStates.reconcile]: 0,
          [Workflow.loopStates.notifySucceeded]: 0,
          [Workflow.loopStates.notifyFailed]: 0
        }
      }
    })
    // A failed execution ends in the Fail state (the result throws); its final state is the Notify task's.
    await run.result.catch(() => undefined)
    const state =
      last ??
      Result.getOrThrowWith(
        decodeStartedState(JSON.parse(started.input)),
        (f) => new Error(`the started execution's input is no execution state: ${Input.showInputIssues(f.issues)}`)
      )
    const outcome = last === undefined ? "failed" : Workflow.executionOutcome(state)
    return {
      status: outcome === "succeeded" ? "SUCCEEDED" : "FAILED",
      execution: started.name,
      mode: state.mode,
      iterations: state.iteration,
      simulatedSeconds: Math.round(world.virtual.elapsed() / 1000),
      resources: (state.resources ?? []).map((r) => ({
        kind: r.kind,
        name: r.name,
        ...(r.arn === undefined ? {} : { arn: r.arn }),
        status: r.status ?? r.state
      })),
      failures:
        last === undefined
          ? [
              {
                kind: "Execution",
                name: started.name,
                cause: invalid?.message ?? "the execution ended without reaching a Notify task",
                dependents: []
              }
            ]
          : failuresOf(state),
      notImported: state.notImported ?? [],
      notifications: world.notifications.flatMap(perProtocol),
      events: world.events.length
    }
  } finally {
    await world.runtime.dispose()
  }
}
