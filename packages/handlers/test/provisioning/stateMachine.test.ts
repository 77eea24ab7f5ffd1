// The provisioning workflow end to end, as deployed: an S3 ObjectCreated event → the trigger handler
// (decode, validate, resolve data and roles, StartExecution) → the generated state machine executed by
// aws-local-stepfunctions, its Reconcile and Notify tasks running the real handlers, Personalize being
// the twin served over HTTP (`twin serve`) reached through the AWS adapter and the real SDK client.

import { createRequire } from "node:module"
import { S3Clients } from "@personalize-ops/adapters-aws/sdk/S3Clients"
import { SfnClients } from "@personalize-ops/adapters-aws/sdk/SfnClients"
import {
  type LocalWorkflowAws,
  startLocalScheduler,
  startLocalWorkflowAws
} from "@personalize-ops/adapters-aws/testing"
import { layerS3ConfigBucket, layerSfnExecutions } from "@personalize-ops/adapters-aws/workflow"
import {
  layerMemoryEventStore,
  makeMapConfigBucket,
  makeMemoryExecutions,
  makeMemoryScheduler,
  startTwinServer
} from "@personalize-ops/adapters-memory"
import {
  Config,
  Kernel,
  Maintenance,
  Monitoring,
  Notify,
  Personalize as P,
  Provisioning,
  Workflow
} from "@personalize-ops/core"
import { mlopsConfig } from "@personalize-ops/core/testing"
import {
  layerLocalScheduler,
  layerServedPersonalize,
  provisioningSettings,
  provisioningTasks,
  runStateMachine,
  s3ObjectCreated
} from "@personalize-ops/handlers/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ProvisioningHandlers } from "../../src/index.ts"

const validator = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => {
  readonly isValid: boolean
  readonly errorsText: () => string
}
const { makeNotifyHandler, makeReconcileHandler, makeTriggerHandler, provisioningDefinition, ProvisioningSettings } =
  ProvisioningHandlers

const reconcileArn = "arn:aws:lambda:us-east-1:000000000000:function:provisioning-reconcile"
const notifyArn = "arn:aws:lambda:us-east-1:000000000000:function:provisioning-notify"
const bucket = "shop-data"
const { stateMachineArn, roleArn: role } = provisioningSettings
const credentials = { accessKeyId: "test", secretAccessKey: "test" }
const maintenanceMachine = "arn:aws:states:us-east-1:000000000000:stateMachine:acme-maintenance"
const schedulerRole = "arn:aws:iam::000000000000:role/acme-scheduler"

/** The group's solution: a ranking, served by a campaign, retrained FULL on `full` when given. */
const ranking = (group: string, full?: string) => ({
  name: `${group}-ranking`,
  recipe: "aws-user-personalization",
  campaign: `${group}-campaign`,
  ...(full === undefined ? {} : { schedules: { full } })
})
/** An MLOps-format config (data looked for in the config's folder, `train/<group>/`). */
const mlops = (group: string) => mlopsConfig({ group, solutions: [ranking(group)] })

/** S3's notification of one upload to the bucket (the key URL-encoded, as S3 sends it). */
const s3Event = (key: string, eTag: string) => ({
  Records: [s3ObjectCreated(bucket, encodeURIComponent(key).replace(/%2F/g, "/"), eTag)]
})

let twin: Awaited<ReturnType<typeof startTwinServer>>
beforeAll(async () => {
  twin = await startTwinServer({ port: 0, speed: 200_000, seed: 7 })
})
afterAll(async () => {
  await twin?.close()
})

/** The deployment's wiring: the served twin through the AWS adapter, a memory ledger, a bucket, recorded outputs. */
/**
 * The trigger's bucket and state machine service: in memory, or (`aws`) S3 and Step Functions through the
 * SDK adapters against a local S3 / Step Functions endpoint holding the same objects.
 */
const makeWorld = (
  objects: ReadonlyMap<string, string>,
  aws?: LocalWorkflowAws,
  scheduler: Layer.Layer<Maintenance.Scheduler> = Layer.succeed(Maintenance.Scheduler, makeMemoryScheduler().scheduler),
  /** Whether the deployment names the maintenance state machine and the scheduler's role. */
  targets = true
) => {
  const notifications: Array<Notify.Notification> = []
  const events: Array<Monitoring.BusEvent> = []
  const executions = makeMemoryExecutions()
  const settings = Layer.succeed(ProvisioningSettings, {
    ...provisioningSettings,
    scheduleInstance: "acme",
    ...(targets ? { maintenanceStateMachineArn: maintenanceMachine, schedulerRoleArn: schedulerRole } : {})
  })
  const shared = Layer.mergeAll(
    settings,
    layerServedPersonalize(twin.url),
    layerMemoryEventStore,
    scheduler,
    Layer.succeed(Monitoring.EventBus, { put: (_region, batch) => Effect.sync(() => void events.push(...batch)) }),
    Layer.succeed(Notify.Notifications, { publish: (n) => Effect.sync(() => void notifications.push(n)) }),
    aws === undefined
      ? Layer.succeed(Workflow.ConfigBucket, makeMapConfigBucket(objects))
      : layerS3ConfigBucket("us-east-1").pipe(
          Layer.provide(S3Clients.layerOptions({ endpoint: aws.endpoint, credentials }))
        ),
    aws === undefined
      ? Layer.succeed(Workflow.Executions, executions.service)
      : layerSfnExecutions(stateMachineArn).pipe(
          Layer.provide(SfnClients.layerOptions({ endpoint: aws.endpoint, credentials }))
        )
  )
  // One memo map per world: the handlers share the ledger as the deployed functions share the table.
  const runtime = ManagedRuntime.make(shared)
  const layer = Layer.effectContext(runtime.contextEffect)
  const trigger = makeTriggerHandler(layer)
  const reconcile = makeReconcileHandler(layer)
  const notify = makeNotifyHandler(layer)
  const definition = provisioningDefinition({ reconcile: reconcileArn, notify: notifyArn }, { maxIterations: 300 })
  /** Runs a started execution on aws-local-stepfunctions; Wait states last a few ms of wall time (the twin runs 200 000× faster). */
  const execute = (input: string) =>
    runStateMachine(Workflow.ProvisioningExecution, definition, JSON.parse(input), provisioningTasks(reconcile, notify))
  const ledger = () =>
    runtime.runPromise(
      Effect.flatMap(Effect.service(Kernel.EventStore), (store) => store.read(Provisioning.provisioningStream("shop")))
    )
  const describe = (kind: P.ResourceKind, arn: string) =>
    runtime.runPromise(Effect.flatMap(Effect.service(P.Personalize), (p) => p.describe(kind, arn as P.ResourceArn)))
  /** What exists in a schedule group, read back through the Scheduler port. */
  const schedules = (group: string) => runtime.runPromise(Maintenance.observeSchedules(group))
  return {
    trigger,
    execute,
    describe,
    schedules,
    executions,
    notifications,
    events,
    ledger,
    definition,
    dispose: () => runtime.dispose()
  }
}

describe("provisioning workflow: S3 event → trigger → state machine → twin endpoint", () => {
  it("its generated definition passes asl-validator", () => {
    const { isValid, errorsText } = validator(provisioningDefinition({ reconcile: reconcileArn, notify: notifyArn }))
    expect(errorsText()).toBe("")
    expect(isValid).toBe(true)
  })

  it("builds every resource ACTIVE; a duplicate S3 event starts one execution; data absent → created, not imported", async () => {
    const objects = new Map([
      [`${bucket}/train/shop/config.json`, JSON.stringify(mlops("shop"))],
      [`${bucket}/train/shop/interactions.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n"]
    ])
    const world = makeWorld(objects)
    const first = (await world.trigger(s3Event("train/shop/config.json", '"9b2cf535f27731c974343645a3985328"'))) as {
      outcomes: ReadonlyArray<Workflow.TriggerOutcome>
    }
    const again = (await world.trigger(s3Event("train/shop/config.json", '"9b2cf535f27731c974343645a3985328"'))) as {
      outcomes: ReadonlyArray<Workflow.TriggerOutcome>
    }
    expect(first.outcomes.map((o) => o._tag)).toEqual(["Started"])
    expect(again.outcomes.map((o) => o._tag)).toEqual(["Duplicate"])
    expect(world.executions.started()).toHaveLength(1)
    const started = world.executions.started()[0]
    if (started === undefined) throw new Error("no execution")
    expect(started.name).toMatch(/^train-shop-config-[0-9a-f]{16}$/)
    const input = JSON.parse(started.input) as Workflow.ProvisioningExecution
    expect(input.notImported).toEqual(["shop-users"])
    expect(JSON.stringify(input.config)).toContain(`s3://${bucket}/train/shop/interactions.csv`)
    expect(JSON.stringify(input.config)).toContain(role)

    const result = await world.execute(started.input)
    expect(result.status).toBe("done")
    expect(result.failures).toEqual([])
    expect(result.iteration).toBeGreaterThanOrEqual(1)
    // Every resource of the config, described through the SDK on the twin endpoint: ACTIVE.
    const described = await Promise.all(
      (result.resources ?? []).map(async (r) => {
        if (r.arn === undefined) return `${r.kind} ${r.name}: no ARN`
        const d = await world.describe(r.kind as P.ResourceKind, r.arn)
        return `${r.kind} ${r.name}: ${d.status ?? "ACTIVE"}`
      })
    )
    const kinds = (result.resources ?? []).map((r) => r.kind)
    for (const kind of ["DatasetGroup", "Dataset", "DatasetImportJob", "Solution", "SolutionVersion", "Campaign"])
      expect(kinds).toContain(kind)
    expect(described.filter((line) => !line.endsWith(": ACTIVE"))).toEqual([])
    // The users dataset exists but nothing was imported into it.
    const imports = (result.resources ?? []).filter((r) => r.kind === "DatasetImportJob")
    expect(imports).toHaveLength(1)
    const job = await world.describe("DatasetImportJob", imports[0]?.arn ?? "")
    expect(job.attributes["dataLocation"]).toBe(`s3://${bucket}/train/shop/interactions.csv`)
    expect(job.attributes["roleArn"]).toBe(role)
    expect(
      (result.resources ?? [])
        .filter((r) => r.kind === "Dataset")
        .map((r) => r.name)
        .sort()
    ).toEqual(["shop-interactions", "shop-users"])

    expect(world.notifications.map((n) => n.subject)).toEqual(["personalize-ops: shop provisioning succeeded"])
    const sent = world.notifications[0]
    expect(sent?.protocols?.json["status"]).toBe("UPDATE COMPLETE")
    expect(sent?.protocols?.sms.length).toBeLessThanOrEqual(140)
    expect(sent?.protocols?.email).toContain("Created without data (nothing found to import): shop-users")
    // Lifecycle events: one per status change, the campaign's ACTIVE among them.
    const campaign = world.events.filter((e) => e.detail["kind"] === "Campaign")
    expect(campaign.at(-1)?.detail["state"]).toBe("ready")
    expect(world.events.every((e) => e.detail["correlationId"] === started.name)).toBe(true)
    // The ledger records the passes under the execution's correlation id.
    const ledger = await world.ledger()
    expect(ledger.length).toBeGreaterThan(0)
    expect(ledger.every((e) => e.metadata.correlationId === started.name)).toBe(true)
    await world.dispose()
  })

  it("the trigger on the AWS adapters (S3 GetObject / ListObjectsV2, StartExecution through the SDK): a duplicate event runs one execution", async () => {
    const local = await startLocalWorkflowAws(stateMachineArn)
    const config = JSON.stringify(mlops("sdk"))
    local.objects.set(`${bucket}/train/sdk/config.json`, config)
    local.objects.set(`${bucket}/train/sdk/interactions/part-1.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n")
    const world = makeWorld(new Map(), local)
    try {
      const upload = async () =>
        (
          (await world.trigger(s3Event("train/sdk/config.json", '"e-sdk"'))) as {
            outcomes: ReadonlyArray<Workflow.TriggerOutcome>
          }
        ).outcomes.map((o) => o._tag)
      expect(await upload()).toEqual(["Started"])
      // Step Functions answers a repeated start (same name, same input) with the running execution.
      expect(await upload()).not.toContain("Invalid")
      expect([...local.executions.keys()]).toEqual([expect.stringMatching(/^train-sdk-config-[0-9a-f]{16}$/)])
      const started = [...local.executions.values()][0]
      if (started === undefined) throw new Error("no execution")
      const input = JSON.parse(started.input) as Workflow.ProvisioningExecution
      // The folder `interactions/` was found by listing the bucket; users has no data.
      expect(JSON.stringify(input.config)).toContain(`s3://${bucket}/train/sdk/interactions/`)
      expect(input.notImported).toEqual(["sdk-users"])
      const result = await world.execute(started.input)
      expect(result.failures).toEqual([])
      expect(result.status).toBe("done")
    } finally {
      await world.dispose()
      await local.close()
    }
  })

  it("destroy mode: a `<name>.destroy.json` marker tears the config's resources down, children first; nothing is left", async () => {
    // Its own dataset group (`tear…`), so the resources of the other tests stay out of it.
    const config = JSON.stringify(mlops("tear"))
    const world = makeWorld(
      new Map([
        [`${bucket}/train/tear/config.json`, config],
        [`${bucket}/train/tear/config.destroy.json`, config],
        [`${bucket}/train/tear/interactions.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n"]
      ])
    )
    const outcomes = async (key: string) =>
      ((await world.trigger(s3Event(key, `"${key.length}"`))) as { outcomes: ReadonlyArray<Workflow.TriggerOutcome> })
        .outcomes
    expect((await outcomes("train/tear/config.json")).map((o) => o._tag)).toEqual(["Started"])
    const built = await world.execute(world.executions.started()[0]?.input ?? "")
    expect(built.status).toBe("done")
    const arns = (built.resources ?? []).flatMap((r) => (r.arn === undefined ? [] : [[r.kind, r.arn] as const]))
    expect(arns.length).toBeGreaterThan(5)

    expect((await outcomes("train/tear/config.destroy.json")).map((o) => o._tag)).toEqual(["Started"])
    const marker = world.executions.started()[1]
    if (marker === undefined) throw new Error("no destroy execution")
    expect(marker.name).toMatch(/^train-tear-config-destroy-[0-9a-f]{16}$/)
    expect((JSON.parse(marker.input) as Workflow.ProvisioningExecution).mode).toBe("destroy")
    const torn = await world.execute(marker.input)
    expect(torn.status).toBe("done")
    expect(torn.failures).toEqual([])
    expect((torn.resources ?? []).filter((r) => r.state !== "gone")).toEqual([])
    // Every resource the build made is gone from the twin endpoint (children first, or the twin refuses).
    const left = await Promise.all(
      arns.map(([kind, arn]) =>
        world.describe(kind as P.ResourceKind, arn).then(
          (d) => `${kind} ${arn}: ${d.status ?? "exists"}`,
          () => undefined
        )
      )
    )
    expect(
      left.filter((l) => l !== undefined && !l.endsWith("DELETE PENDING") && !l.endsWith("DELETE IN_PROGRESS"))
    ).toEqual([])
    expect(world.notifications.map((n) => n.subject)).toEqual([
      "personalize-ops: tear provisioning succeeded",
      "personalize-ops: tear teardown succeeded"
    ])
    // Tearing down again is a no-op: the same teardown run once more finds nothing to delete.
    const again = await world.execute(marker.input)
    expect(again.status).toBe("done")
    expect(again.failures).toEqual([])
    await world.dispose()
  })

  it("an invalid config: one notification listing every issue with its path, nothing started", async () => {
    const bad = {
      ...mlops("shop"),
      solutions: [{ serviceConfig: { name: "bad name!", recipeArn: "not-an-arn" }, campaigns: [] }]
    }
    const world = makeWorld(new Map([[`${bucket}/train/shop/config.json`, JSON.stringify(bad)]]))
    const out = (await world.trigger(s3Event("train/shop/config.json", "e1"))) as {
      outcomes: ReadonlyArray<Workflow.TriggerOutcome>
    }
    expect(out.outcomes.map((o) => o._tag)).toEqual(["Invalid"])
    expect(world.executions.started()).toEqual([])
    expect(world.notifications).toHaveLength(1)
    const message = world.notifications[0]?.message ?? ""
    expect(message).toContain("solutions[0].serviceConfig.name")
    expect(message).toContain("solutions[0].serviceConfig.recipeArn")
    expect(world.notifications[0]?.protocols?.json["status"]).toBe("INVALID CONFIG")
    await world.dispose()
  })

  it("a config with no role anywhere is refused naming the field; keys outside the prefix are ignored", async () => {
    const world = makeWorld(
      new Map([
        [`${bucket}/train/shop/config.json`, JSON.stringify(mlops("shop"))],
        [`${bucket}/train/shop/interactions.csv`, "x"]
      ])
    )
    const ignored = (await world.trigger(s3Event("batch/shop/job_config.json", "e2"))) as {
      outcomes: ReadonlyArray<Workflow.TriggerOutcome>
    }
    expect(ignored.outcomes.map((o) => o._tag)).toEqual(["Ignored"])
    const unresolved = await Effect.runPromise(
      Effect.flip(
        Workflow.resolveDeployment(decode(mlops("shop")), { bucket, configKey: "train/shop/config.json" }).pipe(
          Effect.provideService(
            Workflow.ConfigBucket,
            makeMapConfigBucket(new Map([[`${bucket}/train/shop/interactions.csv`, "x"]]))
          )
        )
      )
    )
    expect(unresolved._tag).toBe("DeploymentUnresolved")
    if (unresolved._tag === "DeploymentUnresolved")
      expect(unresolved.field).toBe("datasets.Interactions.imports[0].roleArn")
    await world.dispose()
  })
})

/** The MLOps config with maintenance schedules (imports on `importCron`, FULL retraining weekly unless left out). */
const scheduledConfig = (group: string, importCron: string, full = true) =>
  JSON.stringify(
    mlopsConfig({
      group,
      importSchedule: importCron,
      solutions: [ranking(group, full ? "cron(0 2 ? * 1 *)" : undefined)]
    })
  )

/** Uploads `config` under `train/<group>/<file>` and runs the execution the trigger started. */
const upload = async (
  world: ReturnType<typeof makeWorld>,
  objects: Map<string, string>,
  group: string,
  file: string,
  config: string
) => {
  objects.set(`${bucket}/train/${group}/${file}`, config)
  const before = world.executions.started().length
  const out = await world.trigger(s3Event(`train/${group}/${file}`, `"${config.length}-${before}"`))
  const started = world.executions.started()[before]
  if (started === undefined) throw new Error(`no execution for ${file}: ${JSON.stringify(out)}`)
  return world.execute(started.input)
}

const rows = (state: Workflow.ProvisioningExecution) =>
  (state.resources ?? [])
    .filter((r) => r.kind === "Schedule" || r.kind === "ScheduleGroup")
    .map((r) => `${r.kind} ${r.name} ${r.state}: ${r.reason ?? ""}`)

describe("provisioning workflow: the config's maintenance schedules, reconciled like any resource", () => {
  const importSchedule = "acme-import-sched-interactions"
  const fullSchedule = "acme-full-sched-ranking"

  it("created with the resources, updated when an expression changes, deleted when removed; a teardown removes the group", async () => {
    const objects = new Map([[`${bucket}/train/sched/interactions.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n"]])
    const world = makeWorld(objects)
    const built = await upload(world, objects, "sched", "config.json", scheduledConfig("sched", "cron(0 */6 * * ? *)"))
    expect(built.status).toBe("done")
    expect(rows(built)).toEqual(
      expect.arrayContaining([
        "ScheduleGroup acme-sched ready: created",
        `Schedule ${importSchedule} ready: created`,
        `Schedule ${fullSchedule} ready: created`
      ])
    )
    const made = await world.schedules("acme-sched")
    expect(made.groupExists).toBe(true)
    const byName = new Map(made.schedules.map((s) => [s.name, s]))
    expect(byName.get(importSchedule)?.expression).toBe("cron(0 */6 * * ? *)")
    expect(byName.get(fullSchedule)?.target).toEqual({
      arn: maintenanceMachine,
      roleArn: schedulerRole,
      input: JSON.stringify({ task: "full", target: "sched-ranking", datasetGroup: "sched", schedule: fullSchedule })
    })
    expect(world.notifications.at(-1)?.message).toContain(`Schedule ${importSchedule}: ready`)

    const changed = await upload(
      world,
      objects,
      "sched",
      "config.json",
      scheduledConfig("sched", "cron(0 */12 * * ? *)", false)
    )
    expect(changed.status).toBe("done")
    expect(rows(changed)).toEqual(
      expect.arrayContaining([
        `Schedule ${importSchedule} ready: updated: expression`,
        `Schedule ${fullSchedule} gone: deleted: no longer in the config`
      ])
    )
    const after = await world.schedules("acme-sched")
    expect(after.schedules.map((s) => s.name)).not.toContain(fullSchedule)
    expect(after.schedules.find((s) => s.name === importSchedule)?.expression).toBe("cron(0 */12 * * ? *)")

    const torn = await upload(
      world,
      objects,
      "sched",
      "config.destroy.json",
      scheduledConfig("sched", "cron(0 */12 * * ? *)")
    )
    expect(torn.status).toBe("done")
    // Deleted at the first pass, before any resource; the last pass finds it gone.
    expect(rows(torn)).toEqual(["ScheduleGroup acme-sched gone: not there"])
    expect((await world.schedules("acme-sched")).groupExists).toBe(false)
    await world.dispose()
  })

  it("on the AWS adapter: the Scheduler SDK client against a local Scheduler endpoint", async () => {
    const local = await startLocalScheduler()
    const objects = new Map([[`${bucket}/train/schedaws/interactions.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n"]])
    const world = makeWorld(objects, undefined, layerLocalScheduler(local.endpoint))
    try {
      const built = await upload(
        world,
        objects,
        "schedaws",
        "config.json",
        scheduledConfig("schedaws", "cron(0 */6 * * ? *)")
      )
      expect(built.status).toBe("done")
      expect(rows(built)).toEqual(expect.arrayContaining(["ScheduleGroup acme-schedaws ready: created"]))
      const changed = await upload(
        world,
        objects,
        "schedaws",
        "config.json",
        scheduledConfig("schedaws", "cron(0 */12 * * ? *)", false)
      )
      expect(rows(changed)).toEqual(
        expect.arrayContaining([
          "Schedule acme-import-schedaws-interactions ready: updated: expression",
          "Schedule acme-full-schedaws-ranking gone: deleted: no longer in the config"
        ])
      )
      const torn = await upload(
        world,
        objects,
        "schedaws",
        "config.destroy.json",
        scheduledConfig("schedaws", "cron(0 */12 * * ? *)")
      )
      expect(torn.status).toBe("done")
      const operations = new Set(local.received.map((r) => r.operation))
      for (const op of [
        "CreateScheduleGroup",
        "CreateSchedule",
        "UpdateSchedule",
        "DeleteSchedule",
        "DeleteScheduleGroup"
      ])
        expect(operations, op).toContain(op)
      expect((await world.schedules("acme-schedaws")).groupExists).toBe(false)
    } finally {
      await world.dispose()
      await local.close()
    }
  })

  it("a deployment that names no maintenance state machine fails a config with schedules, naming them (never drops them)", async () => {
    const objects = new Map([[`${bucket}/train/notarget/interactions.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n"]])
    const world = makeWorld(objects, undefined, undefined, false)
    const config = scheduledConfig("notarget", "cron(0 */6 * * ? *)")
    objects.set(`${bucket}/train/notarget/config.json`, config)
    await world.trigger(s3Event("train/notarget/config.json", '"nt"'))
    const started = world.executions.started()[0]
    if (started === undefined) throw new Error("no execution")
    await expect(world.execute(started.input)).rejects.toThrow()
    expect(world.notifications.at(-1)?.subject).toBe("personalize-ops: notarget provisioning failed")
    expect(world.notifications.at(-1)?.message).toContain("acme-import-notarget-interactions")
    await world.dispose()
  })
})

const decode = (config: unknown) => {
  const result = Config.decodeConfig(config)
  if (!result.valid) throw new Error(JSON.stringify(result.issues))
  return result.deployment
}
