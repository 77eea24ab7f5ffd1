import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { type Notification, Notifications } from "../../src/notify/Notifications.ts"
import {
  ConfigBucket,
  Executions,
  executionInput,
  executionNotification,
  executionOutcome,
  failureCauses,
  invalidConfigNotification,
  notifyTask,
  type ProvisioningExecution,
  triggerTask
} from "../../src/workflow/index.ts"
import { shopConfig } from "./shopConfig.ts"

const base: ProvisioningExecution = {
  ...executionInput({ mode: "apply", config: {}, datasetGroup: "shop", correlationId: "c-9" }),
  status: "done",
  iteration: 3,
  elapsedSeconds: 42
}

describe("failureCauses and executionOutcome", () => {
  it.each([
    [
      "failed resources, with what they left unattempted",
      {
        failures: [
          { kind: "Solution", name: "s", cause: "bad", dependents: [{ kind: "Campaign", name: "c" }] },
          {
            kind: "Filter",
            name: "f",
            cause: "worse",
            dependents: [
              { kind: "BatchInferenceJob", name: "j" },
              { kind: "BatchSegmentJob", name: "k" }
            ]
          },
          { kind: "Schema", name: "x", cause: "no", dependents: [] }
        ],
        error: { Error: "E", Cause: "ignored while resources failed" }
      },
      [
        "Solution s: bad (not attempted: Campaign c)",
        "Filter f: worse (not attempted: BatchInferenceJob j, BatchSegmentJob k)",
        "Schema x: no"
      ]
    ],
    ["a task error", { error: { Error: "States.Timeout", Cause: "took long" } }, ["States.Timeout: took long"]],
    ["a task error without names", { error: {} }, ["Error: no cause given"]],
    ["the loop's cause", { cause: "out of passes" }, ["out of passes"]],
    ["no failures listed: the cause", { failures: [], cause: "bound" }, ["bound"]],
    ["nothing at all", {}, ["the execution failed without a cause"]]
  ] as const)("%s", (_title, over, causes) => {
    expect(failureCauses({ ...base, status: "failed", ...(over as object) })).toEqual(causes)
  })

  it.each([
    ["done", undefined, "succeeded"],
    ["done", { Error: "E" }, "failed"],
    ["failed", undefined, "failed"],
    ["waiting", undefined, "failed"]
  ] as const)("status %s, error %j: %s", (status, error, outcome) => {
    expect(executionOutcome({ ...base, status, ...(error === undefined ? {} : { error }) })).toBe(outcome)
  })
})

describe("executionNotification", () => {
  it("a success: each resource with its status and ARN, the data not imported, the source, per protocol", () => {
    const n = executionNotification(
      {
        ...base,
        source: { bucket: "b", key: "train/shop.json", eTag: "e" },
        notImported: ["items", "users"],
        resources: [
          { kind: "DatasetGroup", name: "shop", state: "ready", status: "ACTIVE", arn: "arn:g" },
          { kind: "Schema", name: "s", state: "ready" }
        ]
      },
      "eu-west-1"
    )
    expect(n.subject).toBe("personalize-ops: shop provisioning succeeded")
    expect(n.region).toBe("eu-west-1")
    expect(n.message).toBe(
      [
        "The provisioning of dataset group shop (s3://b/train/shop.json) succeeded after 3 passes (42 s).",
        "",
        "Resources:",
        "  - DatasetGroup shop: ready (ACTIVE) arn:g",
        "  - Schema s: ready",
        "",
        "Created without data (nothing found to import): items, users",
        "",
        "Correlation id: c-9"
      ].join("\n")
    )
    expect(n.protocols?.email).toBe(n.message)
    expect(n.protocols?.sms).toBe("shop: provisioning succeeded (2 resources)")
    expect(n.protocols?.json).toStrictEqual({
      datasetGroup: "shop",
      mode: "apply",
      status: "UPDATE COMPLETE",
      summary: "personalize-ops: shop provisioning succeeded",
      iterations: 3,
      elapsedSeconds: 42,
      resources: [
        { kind: "DatasetGroup", name: "shop", state: "ready", status: "ACTIVE", arn: "arn:g" },
        { kind: "Schema", name: "s", state: "ready" }
      ],
      failures: [],
      notImported: ["items", "users"],
      source: { bucket: "b", key: "train/shop.json", eTag: "e" },
      correlationId: "c-9"
    })
    expect(n.detail).toBe(n.protocols?.json)
  })

  it("a failed teardown: the causes listed, the SMS counts them and is cut at 140 characters", () => {
    const one = executionNotification({ ...base, mode: "destroy", status: "failed", cause: "x".repeat(200) }, "r")
    expect(one.subject).toBe("personalize-ops: shop teardown failed")
    expect(one.message).toBe(
      [
        "The teardown of dataset group shop failed after 3 passes (42 s).",
        "",
        "Failures:",
        `  - ${"x".repeat(200)}`,
        "",
        "Correlation id: c-9"
      ].join("\n")
    )
    expect(one.protocols?.sms).toBe(`shop: teardown FAILED (1 cause): ${"x".repeat(200)}`.slice(0, 140))
    expect(one.protocols?.sms).toHaveLength(140)
    expect(one.protocols?.json).toMatchObject({ status: "UPDATE FAILED", causes: ["x".repeat(200)], mode: "destroy" })
    expect(one.protocols?.json).not.toHaveProperty("notImported")
    expect(one.protocols?.json).not.toHaveProperty("source")
    const two = executionNotification(
      {
        ...base,
        status: "failed",
        failures: [
          { kind: "Solution", name: "a", cause: "no", dependents: [] },
          { kind: "Solution", name: "b", cause: "no", dependents: [] }
        ]
      },
      "r"
    )
    expect(two.protocols?.sms).toBe("shop: provisioning FAILED (2 causes): Solution a: no")
    // An empty list of data not imported is still listed in the document (it says there was nothing).
    const empty = executionNotification({ ...base, notImported: [] }, "r")
    expect(empty.message).not.toContain("Created without data")
    expect(empty.protocols?.json).toMatchObject({ notImported: [] })
  })
})

describe("invalidConfigNotification", () => {
  it("names every issue with its path (the document when there is none); nothing started", () => {
    const n = invalidConfigNotification({
      bucket: "b",
      key: "k.json",
      region: "r",
      issues: [
        { path: "", message: "not JSON" },
        { path: "datasetGroup.name", message: "missing" }
      ]
    })
    expect(n).toStrictEqual({
      subject: "personalize-ops: invalid config k.json",
      message: [
        "The config s3://b/k.json was not applied: 2 issues.",
        "",
        "  - (the document): not JSON",
        "  - datasetGroup.name: missing",
        "",
        "Nothing was started. Fix the config and upload it again."
      ].join("\n"),
      region: "r",
      detail: {
        status: "INVALID CONFIG",
        bucket: "b",
        key: "k.json",
        issues: [
          { path: "", message: "not JSON" },
          { path: "datasetGroup.name", message: "missing" }
        ]
      },
      protocols: {
        email: n.message,
        sms: "personalize-ops: k.json invalid (2 issues):  not JSON",
        json: n.detail
      }
    })
    const one = invalidConfigNotification({
      bucket: "b",
      key: "k",
      region: "r",
      issues: [{ path: "a", message: "m".repeat(200) }]
    })
    expect(one.message.split("\n")[0]).toBe("The config s3://b/k was not applied: 1 issue.")
    expect(one.protocols?.sms).toBe(`personalize-ops: k invalid (1 issues): a ${"m".repeat(200)}`.slice(0, 140))
  })
})

describe("notifyTask", () => {
  it.effect("publishes the execution's notification and returns the state unchanged", () =>
    Effect.gen(function* () {
      const sent: Array<Notification> = []
      const out = yield* notifyTask(base, "eu-west-1").pipe(
        Effect.provideService(Notifications, { publish: (n) => Effect.sync(() => void sent.push(n)) })
      )
      expect(out).toStrictEqual(base)
      expect(sent.map((n) => [n.subject, n.region])).toEqual([
        ["personalize-ops: shop provisioning succeeded", "eu-west-1"]
      ])
      const error = yield* Effect.flip(
        notifyTask({ ...base, status: "sleeping" }, "r").pipe(
          Effect.provideService(Notifications, { publish: () => Effect.die("not called") })
        )
      )
      expect(error).toMatchObject({ _tag: "TaskInputInvalid", issues: [{ path: "status" }] })
    })
  )
})

describe("triggerTask", () => {
  const role = "arn:aws:iam::123456789012:role/Personalize"
  const record = (key: string, eTag = "e1", eventName = "ObjectCreated:Put") => ({
    eventName,
    s3: { bucket: { name: "data" }, object: { key, eTag } }
  })
  const run = (
    records: ReadonlyArray<unknown>,
    objects: Record<string, { readonly text: string; readonly eTag: string }>,
    started = true
  ) =>
    Effect.gen(function* () {
      const starts: Array<{ name: string; input: unknown }> = []
      const sent: Array<Notification> = []
      const outcomes = yield* triggerTask({ Records: records }, { prefix: "train/", region: "r", roleArn: role }).pipe(
        Effect.provideService(ConfigBucket, {
          get: (_b, k) => Effect.succeed(objects[k]),
          holds: () => Effect.succeed("unknown" as const)
        }),
        Effect.provideService(Executions, {
          start: (name, input) =>
            Effect.sync(() => {
              starts.push({ name, input: JSON.parse(input) })
              return { executionArn: `arn:exec:${name}`, started }
            })
        }),
        Effect.provideService(Notifications, { publish: (n) => Effect.sync(() => void sent.push(n)) })
      )
      return { outcomes, starts, sent }
    })
  const json = JSON.stringify(shopConfig)

  it.effect("each upload: ignored, gone, not JSON, invalid, or started once with its key and ETag", () =>
    Effect.gen(function* () {
      const { outcomes, starts, sent } = yield* run(
        [
          record("other/x.json"),
          record("train/gone.json"),
          record("train/broken.json"),
          record("train/invalid.json"),
          record("train/shop.json"),
          record("train/noetag.json", "")
        ],
        {
          "train/broken.json": { text: "{ nope", eTag: "b" },
          "train/invalid.json": { text: JSON.stringify({ format: "personalize-ops/v1" }), eTag: "i" },
          "train/shop.json": { text: json, eTag: "stored" },
          "train/noetag.json": { text: json, eTag: "from-store" }
        }
      )
      expect(outcomes.map((o) => `${o._tag} ${o.key}`)).toEqual([
        "Ignored other/x.json",
        "Invalid train/gone.json",
        "Invalid train/broken.json",
        "Invalid train/invalid.json",
        "Started train/shop.json",
        "Started train/noetag.json"
      ])
      const issues = outcomes.flatMap((o) => (o._tag === "Invalid" ? [o.issues[0]] : []))
      expect(issues[0]).toEqual({ path: "", message: "s3://data/train/gone.json is gone (deleted after the upload)" })
      expect(issues[1]?.path).toBe("")
      expect(issues[1]?.message).toMatch(/^not JSON: /)
      expect(sent.map((n) => n.subject)).toEqual([
        "personalize-ops: invalid config train/gone.json",
        "personalize-ops: invalid config train/broken.json",
        "personalize-ops: invalid config train/invalid.json"
      ])
      expect(starts).toHaveLength(2)
      const [shop, noEtag] = starts as [
        { name: string; input: ProvisioningExecution },
        { name: string; input: ProvisioningExecution }
      ]
      expect(shop.input).toMatchObject({
        mode: "apply",
        datasetGroup: "shop",
        correlationId: shop.name,
        status: "start",
        source: { bucket: "data", key: "train/shop.json", eTag: "e1" }
      })
      // The event's ETag when it has one, else the stored object's.
      expect(noEtag.input.source).toEqual({ bucket: "data", key: "train/noetag.json", eTag: "from-store" })
      const started = outcomes[4]
      expect(started).toEqual({
        _tag: "Started",
        key: "train/shop.json",
        executionName: shop.name,
        executionArn: `arn:exec:${shop.name}`
      })
    })
  )

  it.effect("an execution name already used is a duplicate: reported, nothing new", () =>
    Effect.gen(function* () {
      const { outcomes } = yield* run(
        [record("train/shop.json")],
        { "train/shop.json": { text: json, eTag: "e1" } },
        false
      )
      expect(outcomes.map((o) => o._tag)).toEqual(["Duplicate"])
    })
  )

  it.effect("an event that is not an S3 notification fails naming its paths", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        triggerTask({ Records: "no" }, { prefix: "", region: "r" }).pipe(
          Effect.provideService(ConfigBucket, { get: () => Effect.die("no"), holds: () => Effect.die("no") }),
          Effect.provideService(Executions, { start: () => Effect.die("no") }),
          Effect.provideService(Notifications, { publish: () => Effect.die("no") })
        )
      )
      expect(error).toMatchObject({ _tag: "TaskInputInvalid", issues: [{ path: "Records" }] })
    })
  )
})
