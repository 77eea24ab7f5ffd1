// The contract every Personalize adapter passes: the twin directly, the AWS adapter through the real SDK
// against a local endpoint. It only talks to the port (`Personalize`), so it does not care what serves
// the endpoint. Statuses move with time on some backends and at once on others: every wait is a poll
// that advances the TestClock, so both kinds pass the same assertions.
import { assert, describe, it } from "@effect/vitest"
import * as P from "@personalize-ops/core/personalize"
import { Effect, type Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import { interactionsEventSchema } from "./mlopsConfig.ts"

const failureTag = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.map(() => "succeeded"),
    Effect.catch((e) => Effect.succeed(e._tag))
  )

const isStatus = Schema.is(P.Status)

/** Describes until `done` holds, advancing virtual time five minutes between tries (at most four days). */
const settle = (
  kind: P.ResourceKind,
  arn: P.ResourceArn,
  done: (d: P.ResourceDescription) => boolean
): Effect.Effect<P.ResourceDescription, P.PersonalizeError, P.Personalize> =>
  Effect.gen(function* () {
    const port = yield* P.Personalize
    for (let i = 0; i < 4 * 288; i++) {
      const d = yield* port.describe(kind, arn)
      assert.isTrue(d.status === undefined || isStatus(d.status), `canonical status, got ${d.status}`)
      if (done(d)) return d
      yield* TestClock.adjust("5 minutes")
    }
    return assert.fail(`${kind} ${arn} did not settle`)
  })

/** Describes until the resource is ACTIVE, advancing virtual time. */
export const active = (kind: P.ResourceKind, arn: P.ResourceArn) => settle(kind, arn, (d) => d.status === "ACTIVE")

/** Describes until the ARN is gone (ResourceNotFound), advancing virtual time. */
const gone = (kind: P.ResourceKind, arn: P.ResourceArn) =>
  Effect.gen(function* () {
    const port = yield* P.Personalize
    for (let i = 0; i < 288; i++) {
      if ((yield* failureTag(port.describe(kind, arn))) === "ResourceNotFound") return
      yield* TestClock.adjust("5 minutes")
    }
    assert.fail(`${kind} ${arn} was not deleted`)
  })

const interactions: P.CreateInput & { kind: "Schema" } = {
  kind: "Schema",
  name: "contract-interactions",
  domain: "ECOMMERCE",
  schema: interactionsEventSchema
}

/**
 * A custom Interactions dataset in `group` (filters name its fields: CreateFilter checks them against
 * the group's schemas).
 */
const withInteractions = (group: P.ResourceArn, suffix: string) =>
  Effect.gen(function* () {
    const port = yield* P.Personalize
    const { domain: _, ...custom } = interactions
    const schema = yield* port.create({ ...custom, name: `contract-interactions-${suffix}` })
    const dataset = yield* port.create({
      kind: "Dataset",
      name: `contract-interactions-${suffix}`,
      datasetGroupArn: group,
      schemaArn: schema,
      datasetType: "Interactions"
    })
    yield* active("Dataset", dataset)
  })

/** A domain dataset group with imported interactions: the chain a recommender needs. */
export const domainGroupWithData = Effect.gen(function* () {
  const port = yield* P.Personalize
  const group = yield* port.create({ kind: "DatasetGroup", name: "contract-domain", domain: "ECOMMERCE" })
  yield* active("DatasetGroup", group)
  const schema = yield* port.create(interactions)
  const dataset = yield* port.create({
    kind: "Dataset",
    name: "contract-interactions",
    datasetGroupArn: group,
    schemaArn: schema,
    datasetType: "Interactions"
  })
  yield* active("Dataset", dataset)
  const job = yield* port.create({
    kind: "DatasetImportJob",
    name: "contract-import",
    datasetArn: dataset,
    dataLocation: "s3://contract-bucket/interactions/",
    roleArn: "arn:aws:iam::123456789012:role/PersonalizeRole",
    importMode: "FULL"
  })
  yield* active("DatasetImportJob", job)
  return group
})

/**
 * An ACTIVE solution of `group` with auto-training off and its first version (FULL), just created. Off, so
 * no automatic version (due an hour after ACTIVE, which a served twin can pass between two polls) holds
 * the solution when the manual one is created.
 */
export const manualVersion = (group: P.ResourceArn, solutionName: string) =>
  Effect.gen(function* () {
    const port = yield* P.Personalize
    const solution = yield* port.create({
      kind: "Solution",
      name: solutionName,
      datasetGroupArn: group,
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      performAutoTraining: false
    })
    yield* active("Solution", solution)
    const version = yield* port.create({
      kind: "SolutionVersion",
      name: "v1",
      solutionArn: solution,
      trainingMode: "FULL"
    })
    return { solution, version }
  })

/** Runs the Personalize contract against a fresh layer per test (any backend: twin, SDK over HTTP). */
export const personalizeContract = (name: string, makeLayer: () => Layer.Layer<P.Personalize>) =>
  describe(`Personalize contract: ${name}`, () => {
    const run = <A, E>(body: (p: P.Personalize["Service"]) => Effect.Effect<A, E, P.Personalize>) =>
      Effect.gen(function* () {
        return yield* body(yield* P.Personalize)
      }).pipe(Effect.provide(makeLayer()))

    it.effect("creates and describes a resource; a taken name and unknown ARNs are typed errors", () =>
      run((p) =>
        Effect.gen(function* () {
          const arn = yield* p.create({ kind: "DatasetGroup", name: "contract-group" })
          const parts = P.parseArn(arn)
          assert.strictEqual(parts?.kind, "DatasetGroup")
          assert.strictEqual(parts?.name, "contract-group")
          const described = yield* active("DatasetGroup", arn)
          assert.deepStrictEqual(
            [described.kind, described.name, described.arn],
            ["DatasetGroup", "contract-group", arn]
          )
          assert.isAtLeast(described.lastUpdatedDateTime, described.creationDateTime)
          assert.strictEqual(
            yield* failureTag(p.create({ kind: "DatasetGroup", name: "contract-group" })),
            "ResourceAlreadyExists"
          )
          const missing = P.formatArn(parts ?? P.defaultScope, "DatasetGroup", "contract-missing")
          const notFound = yield* Effect.flip(p.describe("DatasetGroup", missing))
          assert.strictEqual(notFound._tag, "ResourceNotFound")
          assert.strictEqual(yield* failureTag(p.delete("DatasetGroup", missing)), "ResourceNotFound")
          const missingSolution = P.formatArn(parts ?? P.defaultScope, "Solution", "contract-missing")
          assert.strictEqual(
            yield* failureTag(p.update({ kind: "Solution", arn: missingSolution, performAutoTraining: false })),
            "ResourceNotFound"
          )
        })
      )
    )

    it.effect("lists the children of one parent a page at a time, and parentless kinds across the account", () =>
      run((p) =>
        Effect.gen(function* () {
          const a = yield* p.create({ kind: "DatasetGroup", name: "contract-a" })
          const b = yield* p.create({ kind: "DatasetGroup", name: "contract-b" })
          yield* active("DatasetGroup", a)
          yield* active("DatasetGroup", b)
          yield* withInteractions(a, "a")
          yield* withInteractions(b, "b")
          const expression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
          for (const n of ["f1", "f2", "f3"])
            yield* p.create({ kind: "Filter", name: `contract-${n}`, datasetGroupArn: a, filterExpression: expression })
          yield* p.create({ kind: "Filter", name: "contract-other", datasetGroupArn: b, filterExpression: expression })
          const first = yield* p.list({ kind: "Filter", parentArn: a, maxResults: 2 })
          assert.strictEqual(first.items.length, 2)
          assert.isDefined(first.nextToken)
          const second = yield* p.list({
            kind: "Filter",
            parentArn: a,
            maxResults: 2,
            ...(first.nextToken === undefined ? {} : { nextToken: first.nextToken })
          })
          assert.isUndefined(second.nextToken)
          const names = [...first.items, ...second.items].map((d) => d.name).sort()
          assert.deepStrictEqual(names, ["contract-f1", "contract-f2", "contract-f3"])
          for (const d of [...first.items, ...second.items]) {
            assert.strictEqual(d.kind, "Filter")
            assert.strictEqual(d.parentArn, a)
            assert.strictEqual(d.attributes.filterExpression, expression)
          }
          assert.deepStrictEqual(
            (yield* p.list({ kind: "Filter", parentArn: b })).items.map((d) => d.name),
            ["contract-other"]
          )
          const groups = (yield* p.list({ kind: "DatasetGroup" })).items.map((d) => d.arn)
          assert.includeMembers(groups, [a, b])
          const region = P.arnRegion(a) ?? ""
          assert.includeMembers(
            (yield* p.list({ kind: "DatasetGroup", region })).items.map((d) => d.arn),
            [a, b]
          )
        })
      )
    )

    it.effect("updates through the latest update, and deletes until the resource is gone", () =>
      run((p) =>
        Effect.gen(function* () {
          const group = yield* p.create({ kind: "DatasetGroup", name: "contract-updates" })
          yield* active("DatasetGroup", group)
          const solution = yield* p.create({
            kind: "Solution",
            name: "contract-solution",
            datasetGroupArn: group,
            recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
            performAutoTraining: true
          })
          yield* active("Solution", solution)
          yield* p.update({ kind: "Solution", arn: solution, performAutoTraining: false })
          const updated = yield* settle("Solution", solution, (d) => d.latestUpdate?.status === "ACTIVE")
          assert.strictEqual(updated.attributes.performAutoTraining, false)
          assert.strictEqual(updated.status, "ACTIVE")

          yield* withInteractions(group, "updates")
          const filter = yield* p.create({
            kind: "Filter",
            name: "contract-doomed",
            datasetGroupArn: group,
            filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
          })
          yield* active("Filter", filter)
          yield* p.delete("Filter", filter)
          yield* gone("Filter", filter)
          assert.notInclude(
            (yield* p.list({ kind: "Filter", parentArn: group })).items.map((d) => d.arn),
            filter
          )
        })
      )
    )

    it.effect("stops and starts a recommender; stops a solution version only while it trains", () =>
      run((p) =>
        Effect.gen(function* () {
          const group = yield* domainGroupWithData
          const recommender = yield* p.create({
            kind: "Recommender",
            name: "contract-recommender",
            datasetGroupArn: group,
            recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you"
          })
          const ready = yield* active("Recommender", recommender)
          assert.strictEqual(ready.parentArn, group)
          yield* p.stop("Recommender", recommender)
          yield* settle("Recommender", recommender, (d) => d.status === "INACTIVE")
          yield* p.start("Recommender", recommender)
          yield* active("Recommender", recommender)

          const { solution, version } = yield* manualVersion(group, "contract-trained")
          assert.strictEqual(P.arnParent(version), solution)
          // On a backend whose time runs on the wall clock (a served twin), training may finish between any
          // describe and the stop, so the contract is on what the stop answers: accepted, the version settles
          // as CREATE_STOPPED; refused (ResourceInUse), the version had already finished.
          const stopped = yield* failureTag(p.stop("SolutionVersion", version))
          if (stopped === "succeeded") {
            yield* settle("SolutionVersion", version, (d) => d.status === "CREATE_STOPPED")
          } else {
            assert.strictEqual(stopped, "ResourceInUse")
            const after = yield* p.describe("SolutionVersion", version)
            assert.isTrue(after.status !== undefined && !P.isInFlight(after.status), `finished, got ${after.status}`)
          }
          assert.deepStrictEqual(
            (yield* p.list({ kind: "SolutionVersion", parentArn: solution })).items.map((d) => d.arn),
            [version]
          )
        })
      )
    )
  })
