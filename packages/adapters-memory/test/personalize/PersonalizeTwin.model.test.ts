import { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makePersonalizeTwin, type TwinOptions } from "../../src/index.ts"

// A model of the twin's API rules for dataset groups, schemas, datasets and solutions: names, parents
// that must be ACTIVE, delete order, quotas, time, and auto-training. Every resource takes exactly
// `createSeconds`. Auto-training is on (the default): an hour after a solution is ACTIVE an AUTOMATIC
// version starts; with no data imported it fails at 40% of its `trainingSeconds`, and while it trains
// the solution cannot be deleted. (A run reaches that hour only when its advances add up to over an hour:
// rare per run, so the model must know it, or a rare seed fails the test.)
const createSeconds = 60
const trainingSeconds = 9000
const autoTrainingAfter = 3600
const deleteSeconds = 60
const groupQuota = 2
const fixed = (s: number) => [s, s] as const

interface ModelResource {
  readonly kind: "DatasetGroup" | "Schema" | "Dataset" | "Solution"
  readonly name: string
  readonly arn: string
  readonly createdAt: number
  readonly parent?: string
  readonly schema?: string
  readonly type?: string
  deletedAt?: number
}

interface Model {
  now: number
  readonly resources: Map<string, ModelResource>
}

interface Real {
  readonly personalize: P.Personalize["Service"]
  readonly clock: { now: number; readonly service: Clock.Clock }
}

const alive = (m: Model, r: ModelResource) => r.deletedAt === undefined || r.deletedAt + deleteSeconds * 1000 > m.now
const statusOf = (m: Model, r: ModelResource): P.Status => {
  if (r.deletedAt !== undefined)
    return r.kind === "DatasetGroup" || r.deletedAt + (deleteSeconds * 1000) / 2 > m.now
      ? "DELETE_PENDING"
      : "DELETE_IN_PROGRESS"
  if (r.kind === "Schema") return "ACTIVE"
  const age = m.now - r.createdAt
  return age >= createSeconds * 1000 ? "ACTIVE" : age >= createSeconds * 100 ? "CREATE_IN_PROGRESS" : "CREATE_PENDING"
}
/** An automatic version of the solution is training now (it started an hour after ACTIVE, fails at 40%). */
const autoTraining = (m: Model, r: ModelResource) => {
  const started = r.createdAt + (createSeconds + autoTrainingAfter) * 1000
  return r.kind === "Solution" && m.now >= started && m.now < started + trainingSeconds * 400
}
const live = (m: Model) => [...m.resources.values()].filter((r) => alive(m, r))
const byName = (m: Model, kind: ModelResource["kind"], name: string) =>
  live(m).find((r) => r.kind === kind && r.name === name)
const arnOf = (kind: ModelResource["kind"], path: string) => P.formatArn(P.defaultScope, kind, path)

type Outcome = string

const run = (real: Real, effect: Effect.Effect<unknown, P.PersonalizeError, never>): Promise<Outcome> =>
  Effect.runPromise(
    effect.pipe(
      Effect.map(() => "ok"),
      Effect.catch((e) => Effect.succeed(e._tag)),
      Effect.provideService(Clock.Clock, real.clock.service)
    )
  )

const names = fc.constantFrom("a", "b", "c")
const types = fc.constantFrom("Interactions" as const, "Items" as const)

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: number) {}
  check = () => true
  async run(m: Model, r: Real) {
    m.now += this.seconds * 1000
    r.clock.now += this.seconds * 1000
  }
  toString = () => `advance(${this.seconds}s)`
}

class CreateGroup implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: string) {}
  check = () => true
  async run(m: Model, r: Real) {
    const expected =
      byName(m, "DatasetGroup", this.name) !== undefined
        ? "ResourceAlreadyExists"
        : live(m).filter((x) => x.kind === "DatasetGroup").length >= groupQuota
          ? "LimitExceeded"
          : "ok"
    expect(await run(r, r.personalize.create({ kind: "DatasetGroup", name: this.name }))).toBe(expected)
    if (expected === "ok") {
      const arn = arnOf("DatasetGroup", this.name)
      m.resources.set(arn, { kind: "DatasetGroup", name: this.name, arn, createdAt: m.now })
    }
  }
  toString = () => `createGroup(${this.name})`
}

/** A valid schema of each dataset type (CreateDataset checks the schema against the type, aws-facts §2). */
const schemas = {
  Interactions: {
    type: "record" as const,
    name: "Interactions",
    fields: [
      { name: "USER_ID", type: "string" },
      { name: "ITEM_ID", type: "string" },
      { name: "TIMESTAMP", type: "long" }
    ]
  },
  Items: {
    type: "record" as const,
    name: "Items",
    fields: [
      { name: "ITEM_ID", type: "string" },
      { name: "GENRES", type: "string", categorical: true }
    ]
  }
}

class CreateSchema implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly type: "Interactions" | "Items"
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const expected = byName(m, "Schema", this.name) !== undefined ? "ResourceAlreadyExists" : "ok"
    const schema = schemas[this.type]
    expect(await run(r, r.personalize.create({ kind: "Schema", name: this.name, schema }))).toBe(expected)
    if (expected === "ok") {
      const arn = arnOf("Schema", this.name)
      m.resources.set(arn, { kind: "Schema", name: this.name, arn, createdAt: m.now, type: this.type })
    }
  }
  toString = () => `createSchema(${this.name}, ${this.type})`
}

class CreateDataset implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly group: string,
    readonly schema: string,
    readonly type: "Interactions" | "Items"
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const group = m.resources.get(arnOf("DatasetGroup", this.group))
    const schema = m.resources.get(arnOf("Schema", this.schema))
    const path = P.datasetId(this.group, this.type)
    const expected =
      byName(m, "Dataset", this.name) !== undefined
        ? "ResourceAlreadyExists"
        : group === undefined || !alive(m, group)
          ? "ResourceNotFound"
          : statusOf(m, group) !== "ACTIVE"
            ? "InvalidInput"
            : schema === undefined || !alive(m, schema)
              ? "ResourceNotFound"
              : schema.type !== this.type
                ? "InvalidInput"
                : live(m).some((x) => x.arn === arnOf("Dataset", path))
                  ? "ResourceAlreadyExists"
                  : "ok"
    const outcome = await run(
      r,
      r.personalize.create({
        kind: "Dataset",
        name: this.name,
        datasetGroupArn: arnOf("DatasetGroup", this.group),
        schemaArn: arnOf("Schema", this.schema),
        datasetType: this.type
      })
    )
    expect(outcome).toBe(expected)
    if (expected === "ok") {
      const arn = arnOf("Dataset", path)
      m.resources.set(arn, {
        kind: "Dataset",
        name: this.name,
        arn,
        createdAt: m.now,
        parent: arnOf("DatasetGroup", this.group),
        schema: arnOf("Schema", this.schema),
        type: this.type
      })
    }
  }
  toString = () => `createDataset(${this.name}, ${this.group}, ${this.schema}, ${this.type})`
}

class CreateSolution implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly group: string
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const group = m.resources.get(arnOf("DatasetGroup", this.group))
    const expected =
      byName(m, "Solution", this.name) !== undefined
        ? "ResourceAlreadyExists"
        : group === undefined || !alive(m, group)
          ? "ResourceNotFound"
          : statusOf(m, group) !== "ACTIVE"
            ? "InvalidInput"
            : "ok"
    const outcome = await run(
      r,
      r.personalize.create({
        kind: "Solution",
        name: this.name,
        datasetGroupArn: arnOf("DatasetGroup", this.group),
        recipeArn: "arn:aws:personalize:::recipe/aws-sims"
      })
    )
    expect(outcome).toBe(expected)
    if (expected === "ok") {
      const arn = arnOf("Solution", this.name)
      m.resources.set(arn, {
        kind: "Solution",
        name: this.name,
        arn,
        createdAt: m.now,
        parent: arnOf("DatasetGroup", this.group)
      })
    }
  }
  toString = () => `createSolution(${this.name}, ${this.group})`
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly kind: ModelResource["kind"],
    readonly name: string,
    readonly type: "Interactions" | "Items"
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    // Datasets are addressed by group/type; use group "a" for them.
    const arn =
      this.kind === "Dataset" ? arnOf("Dataset", P.datasetId(this.name, this.type)) : arnOf(this.kind, this.name)
    const target = m.resources.get(arn)
    const children = (parent: string) => live(m).filter((x) => x.parent === parent)
    const expected =
      target === undefined || !alive(m, target)
        ? "ResourceNotFound"
        : !["ACTIVE", "CREATE_FAILED"].includes(statusOf(m, target))
          ? "ResourceInUse"
          : this.kind === "DatasetGroup" && children(arn).length > 0
            ? "ResourceInUse"
            : autoTraining(m, target)
              ? "ResourceInUse"
              : this.kind === "Schema" && live(m).some((x) => x.schema === arn)
                ? "ResourceInUse"
                : "ok"
    expect(await run(r, r.personalize.delete(this.kind, arn as P.ResourceArn))).toBe(expected)
    if (expected === "ok" && target !== undefined) {
      if (this.kind === "Schema") m.resources.delete(arn)
      else target.deletedAt = m.now
    }
  }
  toString = () => `delete(${this.kind}, ${this.name}${this.kind === "Dataset" ? `/${this.type}` : ""})`
}

class Describe implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly kind: ModelResource["kind"],
    readonly name: string,
    readonly type: "Interactions" | "Items"
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const arn = (
      this.kind === "Dataset" ? arnOf("Dataset", P.datasetId(this.name, this.type)) : arnOf(this.kind, this.name)
    ) as P.ResourceArn
    const target = m.resources.get(arn)
    const exists = target !== undefined && alive(m, target)
    const described = await Effect.runPromise(
      Effect.result(r.personalize.describe(this.kind, arn)).pipe(Effect.provideService(Clock.Clock, r.clock.service))
    )
    expect(described._tag).toBe(exists ? "Success" : "Failure")
    if (exists && described._tag === "Success" && target !== undefined)
      expect(described.success.status ?? "ACTIVE").toBe(statusOf(m, target))
  }
  toString = () => `describe(${this.kind}, ${this.name})`
}

const kinds = fc.constantFrom("DatasetGroup" as const, "Schema" as const, "Dataset" as const, "Solution" as const)

const commands = [
  fc.integer({ min: 1, max: 10 }).map((s) => new Advance(s)),
  fc.integer({ min: 1, max: 120 }).map((s) => new Advance(s)),
  fc.integer({ min: 3500, max: 3800 }).map((s) => new Advance(s)),
  names.map((n) => new CreateGroup(n)),
  fc.tuple(names, types).map(([n, t]) => new CreateSchema(n, t)),
  fc.tuple(names, names, names, types).map(([n, g, s, t]) => new CreateDataset(n, g, s, t)),
  fc.tuple(names, names).map(([n, g]) => new CreateSolution(n, g)),
  fc.tuple(kinds, names, types).map(([k, n, t]) => new Delete(k, n, t)),
  fc.tuple(kinds, names, types).map(([k, n, t]) => new Describe(k, n, t)),
  fc.tuple(kinds, names, types).map(([k, n, t]) => new Describe(k, n, t))
]

const manualClock = () => {
  const state = { now: 0 } as { now: number; service: Clock.Clock }
  state.service = {
    currentTimeMillisUnsafe: () => state.now,
    currentTimeMillis: Effect.sync(() => state.now),
    currentTimeNanosUnsafe: () => BigInt(state.now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(state.now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => BigInt(state.now) * 1_000_000n,
    monotonicTimeNanos: Effect.sync(() => BigInt(state.now) * 1_000_000n),
    sleep: () => Effect.void
  }
  return state
}

const options: TwinOptions = {
  durations: {
    DatasetGroup: fixed(createSeconds),
    Dataset: fixed(createSeconds),
    Solution: fixed(createSeconds),
    SolutionVersion: fixed(trainingSeconds)
  },
  otherDurations: { delete: deleteSeconds },
  quotas: { datasetGroups: groupQuota }
}

const modelRun = async (cmds: Iterable<fc.AsyncCommand<Model, Real>>) => {
  const clock = manualClock()
  const twin = await Effect.runPromise(makePersonalizeTwin(options))
  await fc.asyncModelRun(
    () => ({ model: { now: 0, resources: new Map() }, real: { personalize: twin.personalize, clock } }),
    cmds
  )
}

describe("Personalize twin against a model (fc.commands)", () => {
  it("agrees with the model on names, parents, delete order, quotas and statuses over time", async () => {
    await fc.assert(fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), modelRun), { numRuns: 200 })
  })

  it("auto-training: an hour after the solution is ACTIVE its automatic version trains, and the solution cannot be deleted until it ends", () =>
    modelRun([
      new CreateGroup("a"),
      new Advance(createSeconds),
      new CreateSolution("s", "a"),
      new Advance(createSeconds + autoTrainingAfter + 10),
      new Delete("Solution", "s", "Interactions"),
      new Advance(trainingSeconds * 0.4),
      new Delete("Solution", "s", "Interactions"),
      new Describe("Solution", "s", "Interactions")
    ]))
})
