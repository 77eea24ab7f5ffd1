import { type Config, Personalize as P } from "@personalize-ops/core"
import { Clock, Context, Effect, Layer, Option } from "effect"
import { seededRandom } from "../simulation/seededRandom.ts"
import { type FaultProfile, type FaultProfileName, faultProfiles, injectedFailureReasons } from "./faults.ts"
import { checkImport, type ImportedData, trainingProblem } from "./importCheck.ts"
import {
  type Durations,
  defaultDurations,
  defaultOtherDurations,
  defaultQuotas,
  type OtherDurations,
  type Quotas
} from "./timings.ts"

/** How to build a twin: account/region, seed and fault profile, timings and quotas. */
export interface TwinOptions {
  readonly scope?: P.ArnScope
  readonly seed?: number
  readonly faults?: FaultProfileName | FaultProfile
  readonly durations?: Partial<Durations>
  readonly otherDurations?: Partial<OtherDurations>
  readonly quotas?: Partial<Quotas>
}

interface Step {
  readonly at: number
  readonly status: P.Status
  readonly failureReason?: string
}

interface Update {
  readonly timeline: ReadonlyArray<Step>
  readonly fields: Record<string, unknown>
  applied: boolean
}

interface Entry {
  readonly kind: P.ResourceKind
  readonly name: string
  readonly arn: P.ResourceArn
  readonly parentArn: P.ResourceArn | undefined
  readonly attributes: Record<string, unknown>
  readonly createdAt: number
  timeline: ReadonlyArray<Step>
  goneAt: number | undefined
  update: Update | undefined
  /** Schema only: the Avro object, for import checks. */
  readonly avro?: Config.AvroSchema
  /** Import jobs only: what the data held (undefined when the location is remote, i.e. unknown). */
  readonly imported?: ImportedData
}

/** Test and simulation access to the twin's inside: everything alive, and how often each kind was created. */
export interface TwinInspector {
  readonly inventory: Effect.Effect<ReadonlyArray<P.ResourceDescription>>
  readonly createCount: (kind: P.ResourceKind) => number
  readonly callCount: () => number
}

/** The twin's inspection handle, provided next to `Personalize` by `layerMemoryPersonalize`. */
export class PersonalizeTwin extends Context.Service<PersonalizeTwin, TwinInspector>()(
  "@personalize-ops/adapters-memory/personalize/PersonalizeTwin"
) {}

const statusAt = (timeline: ReadonlyArray<Step>, now: number): Step => {
  let current = timeline[0] as Step
  for (const step of timeline) if (step.at <= now) current = step
  return current
}

const inFlight = (status: P.Status) => !P.isTerminal(status)

/**
 * Builds an in-memory Personalize that follows the service's rules (aws-facts §1, §3): name and ARN
 * rules, ResourceAlreadyExists / ResourceNotFound / ResourceInUse (delete order) / LimitExceeded
 * (quotas) / InvalidInput (bad fields, parent not ACTIVE), statuses that move with Effect's `Clock`,
 * import data checked against the schema and the training minimums, and seeded faults.
 * Statuses are computed from timelines when read, so the twin needs no background fibers.
 */
export const makePersonalizeTwin = (
  options: TwinOptions = {}
): Effect.Effect<{ readonly personalize: P.Personalize["Service"]; readonly inspector: TwinInspector }> =>
  Effect.gen(function* () {
    const dataSource = yield* Effect.serviceOption(P.DataSource)
    const scope = options.scope ?? P.defaultScope
    const faults: FaultProfile =
      typeof options.faults === "object" ? options.faults : faultProfiles[options.faults ?? "none"]
    const durations: Durations = { ...defaultDurations, ...options.durations }
    const other: OtherDurations = { ...defaultOtherDurations, ...options.otherDurations }
    const quotas: Quotas = { ...defaultQuotas, ...options.quotas }
    const random = seededRandom(options.seed ?? 1)

    const byArn = new Map<string, Entry>()
    const byName = new Map<string, string>()
    const children = new Map<string, Set<string>>()
    const byKind = new Map<P.ResourceKind, Set<string>>()
    const creates = new Map<P.ResourceKind, number>()
    let calls = 0
    let ids = 0

    const nameKey = (kind: P.ResourceKind, name: string, within = "") => `${kind}:${within}:${name}`

    const remove = (entry: Entry) => {
      byArn.delete(entry.arn)
      byKind.get(entry.kind)?.delete(entry.arn)
      if (entry.parentArn !== undefined) children.get(entry.parentArn)?.delete(entry.arn)
      const within = entry.kind === "SolutionVersion" ? (entry.parentArn ?? "") : ""
      if (byName.get(nameKey(entry.kind, entry.name, within)) === entry.arn)
        byName.delete(nameKey(entry.kind, entry.name, within))
      for (const child of children.get(entry.arn) ?? []) {
        const c = byArn.get(child)
        if (c !== undefined) remove(c)
      }
      children.delete(entry.arn)
    }

    const settle = (entry: Entry, now: number): Entry | undefined => {
      if (entry.goneAt !== undefined && entry.goneAt <= now) {
        remove(entry)
        return undefined
      }
      const u = entry.update
      if (u !== undefined && !u.applied && statusAt(u.timeline, now).status === "ACTIVE") {
        Object.assign(entry.attributes, u.fields)
        u.applied = true
      }
      return entry
    }

    const lookup = (arn: string, now: number): Entry | undefined => {
      const entry = byArn.get(arn)
      return entry === undefined ? undefined : settle(entry, now)
    }

    const statusOf = (entry: Entry, now: number): P.Status => statusAt(entry.timeline, now).status

    const aliveOfKind = (kind: P.ResourceKind, now: number): Array<Entry> => {
      const out: Array<Entry> = []
      for (const arn of [...(byKind.get(kind) ?? [])]) {
        const e = lookup(arn, now)
        if (e !== undefined) out.push(e)
      }
      return out
    }

    const childrenOf = (arn: string, kind: P.ResourceKind, now: number): Array<Entry> => {
      const out: Array<Entry> = []
      for (const c of [...(children.get(arn) ?? [])]) {
        const e = lookup(c, now)
        if (e !== undefined && e.kind === kind) out.push(e)
      }
      return out
    }

    const gate = (operation: string) =>
      Effect.suspend(() => {
        calls++
        return random() < faults.throttle
          ? Effect.fail(new P.Throttled({ operation, message: "Rate exceeded" }))
          : Effect.void
      })

    const find = Effect.fnUntraced(function* (kind: P.ResourceKind, arn: string, now: number) {
      const entry = lookup(arn, now)
      if (entry === undefined || entry.kind !== kind)
        return yield* new P.ResourceNotFound({ kind, arn, message: `Could not find resource ${arn}` })
      return entry
    })

    const findActive = Effect.fnUntraced(function* (kind: P.ResourceKind, arn: string, now: number, field: string) {
      const entry = yield* find(kind, arn, now)
      const status = statusOf(entry, now)
      if (status !== "ACTIVE")
        return yield* new P.InvalidInput({
          kind,
          field,
          message: `${kind} ${arn} is in ${status} state; it must be ACTIVE`
        })
      return entry
    })

    const invalid = (kind: P.ResourceKind, field: string, message: string) =>
      Effect.fail(new P.InvalidInput({ kind, field, message }))

    const limit = (kind: P.ResourceKind, message: string) => Effect.fail(new P.LimitExceeded({ kind, message }))

    const seconds = (s: number) => Math.round(s * 1000)

    /** Draws exactly three numbers per resource so a seed replays the same run whatever the outcome. */
    const createTimeline = (kind: P.ResourceKind, now: number, dataFailure?: string): Array<Step> => {
      const [min, max] = durations[kind]
      const base = min + (max - min) * random()
      const total = seconds(base * (random() < faults.slow ? faults.slowFactor : 1))
      const injected = random() < faults.createFailure
      if (!P.kindTraits[kind].hasStatus) return [{ at: now, status: "ACTIVE" }]
      const pendingEnd = now + Math.round(total * 0.1)
      const failureReason = dataFailure ?? (injected ? injectedFailureReasons[kind] : undefined)
      if (failureReason !== undefined)
        return [
          { at: now, status: "CREATE_PENDING" },
          { at: pendingEnd, status: "CREATE_IN_PROGRESS" },
          { at: now + Math.max(1, Math.round(total * 0.4)), status: "CREATE_FAILED", failureReason }
        ]
      return [
        { at: now, status: "CREATE_PENDING" },
        { at: pendingEnd, status: "CREATE_IN_PROGRESS" },
        { at: now + Math.max(1, total), status: "ACTIVE" }
      ]
    }

    const insert = (
      kind: P.ResourceKind,
      name: string,
      path: string,
      parentArn: P.ResourceArn | undefined,
      attributes: Record<string, unknown>,
      now: number,
      extra: {
        readonly timeline?: Array<Step>
        readonly avro?: Config.AvroSchema
        readonly imported?: ImportedData
      } = {}
    ): Entry => {
      const arn = P.makeArn(scope, kind, path)
      const entry: Entry = {
        kind,
        name,
        arn,
        parentArn,
        attributes,
        createdAt: now,
        timeline: extra.timeline ?? createTimeline(kind, now),
        goneAt: undefined,
        update: undefined,
        ...(extra.avro === undefined ? {} : { avro: extra.avro }),
        ...(extra.imported === undefined ? {} : { imported: extra.imported })
      }
      byArn.set(arn, entry)
      byName.set(nameKey(kind, name, kind === "SolutionVersion" ? (parentArn ?? "") : ""), arn)
      if (!byKind.has(kind)) byKind.set(kind, new Set())
      byKind.get(kind)?.add(arn)
      if (parentArn !== undefined) {
        if (!children.has(parentArn)) children.set(parentArn, new Set())
        children.get(parentArn)?.add(arn)
      }
      creates.set(kind, (creates.get(kind) ?? 0) + 1)
      return entry
    }

    const checkName = (kind: P.ResourceKind, name: string, within: string, now: number) => {
      const problem = P.nameProblem(name)
      if (problem !== undefined) return invalid(kind, "name", problem)
      const existing = byName.get(nameKey(kind, name, within))
      if (existing !== undefined && lookup(existing, now) !== undefined)
        return Effect.fail(
          new P.ResourceAlreadyExists({ kind, arn: existing, message: `${kind} ${name} already exists` })
        )
      return Effect.void
    }

    const countInFlight = (kind: P.ResourceKind, now: number) =>
      aliveOfKind(kind, now).filter((e) => inFlight(statusOf(e, now))).length

    /** The interactions a training run sees now, or undefined when some data is remote (unknown). */
    const trainingData = (groupArn: string, now: number): ReadonlyArray<readonly [string, string]> | undefined => {
      const dataset = childrenOf(groupArn, "Dataset", now).find((d) => d.attributes.datasetType === "Interactions")
      if (dataset === undefined) return []
      let rows: Array<readonly [string, string]> = []
      for (const job of childrenOf(dataset.arn, "DatasetImportJob", now)) {
        if (statusOf(job, now) !== "ACTIVE") continue
        if (job.imported?.interactions === undefined) return undefined
        rows =
          job.attributes.importMode === "INCREMENTAL"
            ? [...rows, ...job.imported.interactions]
            : [...job.imported.interactions]
      }
      return rows
    }

    const tagsCheck = (kind: P.ResourceKind, tags: ReadonlyArray<Config.Tag> | undefined) =>
      tags !== undefined && tags.length > 200
        ? invalid(kind, "tags", `at most 200 tags, got ${tags.length}`)
        : Effect.void

    const create: P.Personalize["Service"]["create"] = (input) =>
      Effect.gen(function* () {
        yield* gate(`Create${input.kind}`)
        const now = yield* Clock.currentTimeMillis
        yield* tagsCheck(input.kind, "tags" in input ? input.tags : undefined)
        switch (input.kind) {
          case "DatasetGroup": {
            yield* checkName("DatasetGroup", input.name, "", now)
            if (aliveOfKind("DatasetGroup", now).length >= quotas.datasetGroups)
              return yield* limit("DatasetGroup", `More than ${quotas.datasetGroups} dataset groups in this region`)
            const attributes = {
              ...(input.domain === undefined ? {} : { domain: input.domain }),
              ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
              ...(input.kmsKeyArn === undefined ? {} : { kmsKeyArn: input.kmsKeyArn })
            }
            return insert("DatasetGroup", input.name, input.name, undefined, attributes, now).arn
          }
          case "Schema": {
            yield* checkName("Schema", input.name, "", now)
            const text = JSON.stringify(input.schema)
            if (text.length > 20000)
              return yield* invalid("Schema", "schema", "schema is longer than 20,000 characters")
            if (aliveOfKind("Schema", now).length >= quotas.schemas)
              return yield* limit("Schema", `More than ${quotas.schemas} schemas`)
            const attributes = { schema: text, ...(input.domain === undefined ? {} : { domain: input.domain }) }
            return insert("Schema", input.name, input.name, undefined, attributes, now, { avro: input.schema }).arn
          }
          case "Dataset": {
            yield* checkName("Dataset", input.name, "", now)
            const group = yield* findActive("DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
            yield* find("Schema", input.schemaArn, now)
            const path = P.datasetPath(group.name, input.datasetType)
            const existing = lookup(P.makeArn(scope, "Dataset", path), now)
            if (existing !== undefined)
              return yield* new P.ResourceAlreadyExists({
                kind: "Dataset",
                arn: existing.arn,
                message: `the dataset group already has a ${input.datasetType} dataset`
              })
            const attributes = {
              datasetType: input.datasetType,
              schemaArn: input.schemaArn,
              datasetGroupArn: input.datasetGroupArn
            }
            return insert("Dataset", input.name, path, group.arn, attributes, now).arn
          }
          case "DatasetImportJob": {
            yield* checkName("DatasetImportJob", input.name, "", now)
            const dataset = yield* findActive("Dataset", input.datasetArn, now, "datasetArn")
            if (!/^(s3|http|https):\/\/.+/.test(input.dataLocation) && dataSource._tag === "None")
              return yield* invalid(
                "DatasetImportJob",
                "dataSource.dataLocation",
                "dataLocation must match (s3|http|https)://.+"
              )
            const jobs = childrenOf(dataset.arn, "DatasetImportJob", now)
            if (input.importMode === "INCREMENTAL" && !jobs.some((j) => statusOf(j, now) === "ACTIVE"))
              return yield* invalid(
                "DatasetImportJob",
                "importMode",
                "INCREMENTAL import needs an earlier bulk import; use FULL for the first import"
              )
            if (jobs.some((j) => inFlight(statusOf(j, now))))
              return yield* new P.ResourceInUse({
                kind: "Dataset",
                arn: dataset.arn,
                message: "the dataset has an import job in progress"
              })
            if (countInFlight("DatasetImportJob", now) >= quotas.pendingImportJobs)
              return yield* limit(
                "DatasetImportJob",
                `More than ${quotas.pendingImportJobs} resources with PENDING or IN_PROGRESS status.`
              )
            const schema = yield* find("Schema", String(dataset.attributes.schemaArn), now)
            const data: P.DataObject = Option.isSome(dataSource)
              ? yield* dataSource.value.read(input.dataLocation)
              : { _tag: "Remote" }
            const check =
              data._tag === "Remote"
                ? undefined
                : data._tag === "Missing"
                  ? ({
                      _tag: "Failed",
                      failureReason: `Input data location ${input.dataLocation} does not exist.`
                    } as const)
                  : checkImport(
                      data.files,
                      schema.avro as Config.AvroSchema,
                      dataset.attributes.datasetType as Config.DatasetType
                    )
            const attributes = {
              datasetArn: input.datasetArn,
              dataLocation: input.dataLocation,
              importMode: input.importMode,
              ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn })
            }
            return insert("DatasetImportJob", input.name, input.name, dataset.arn, attributes, now, {
              timeline: createTimeline(
                "DatasetImportJob",
                now,
                check?._tag === "Failed" ? check.failureReason : undefined
              ),
              ...(check?._tag === "Ok" ? { imported: check.data } : {})
            }).arn
          }
          case "EventTracker": {
            yield* checkName("EventTracker", input.name, "", now)
            const group = yield* findActive("DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
            const existing = childrenOf(group.arn, "EventTracker", now)[0]
            // One tracker per dataset group; the exception type is not documented (aws-facts §1.3).
            if (existing !== undefined)
              return yield* new P.ResourceAlreadyExists({
                kind: "EventTracker",
                arn: existing.arn,
                message: "the dataset group already has an event tracker"
              })
            const id = (++ids).toString(16).padStart(8, "0")
            const attributes = { datasetGroupArn: group.arn, trackingId: `${id}-${input.name}`.slice(0, 36) }
            return insert("EventTracker", input.name, id, group.arn, attributes, now).arn
          }
          case "Filter": {
            yield* checkName("Filter", input.name, "", now)
            if (input.filterExpression.length < 1 || input.filterExpression.length > 2500)
              return yield* invalid("Filter", "filterExpression", "filterExpression must be 1–2,500 characters")
            const group = yield* findActive("DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
            if (childrenOf(group.arn, "Filter", now).length >= quotas.filtersPerGroup)
              return yield* limit("Filter", `More than ${quotas.filtersPerGroup} filters in the dataset group`)
            const attributes = { datasetGroupArn: group.arn, filterExpression: input.filterExpression }
            return insert("Filter", input.name, input.name, group.arn, attributes, now).arn
          }
          case "Solution": {
            yield* checkName("Solution", input.name, "", now)
            if (input.recipeArn === undefined && input.performAutoML !== true)
              return yield* invalid("Solution", "recipeArn", "recipeArn is required unless performAutoML is true")
            const group = yield* findActive("DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
            if (childrenOf(group.arn, "Solution", now).length >= quotas.solutionsPerGroup)
              return yield* limit("Solution", `More than ${quotas.solutionsPerGroup} solutions in the dataset group`)
            const attributes = {
              datasetGroupArn: group.arn,
              performAutoML: input.performAutoML ?? false,
              performHPO: input.performHPO ?? false,
              performAutoTraining: input.performAutoTraining ?? true,
              ...(input.recipeArn === undefined ? {} : { recipeArn: input.recipeArn }),
              ...(input.eventType === undefined ? {} : { eventType: input.eventType }),
              ...(input.solutionConfig === undefined ? {} : { solutionConfig: input.solutionConfig })
            }
            return insert("Solution", input.name, input.name, group.arn, attributes, now).arn
          }
          case "SolutionVersion": {
            yield* checkName("SolutionVersion", input.name, input.solutionArn, now)
            const solution = yield* findActive("Solution", input.solutionArn, now, "solutionArn")
            const versions = childrenOf(solution.arn, "SolutionVersion", now)
            if (
              input.trainingMode === "UPDATE" &&
              !versions.some((v) => v.attributes.trainingMode === "FULL" && statusOf(v, now) === "ACTIVE")
            )
              return yield* invalid("SolutionVersion", "trainingMode", "UPDATE needs an ACTIVE FULL solution version")
            if (versions.some((v) => inFlight(statusOf(v, now))))
              return yield* new P.ResourceInUse({
                kind: "Solution",
                arn: solution.arn,
                message: "the solution has a version in CREATE PENDING or CREATE IN_PROGRESS"
              })
            if (countInFlight("SolutionVersion", now) >= quotas.inFlightSolutionVersions)
              return yield* limit(
                "SolutionVersion",
                `More than ${quotas.inFlightSolutionVersions} resources with PENDING or IN_PROGRESS status.`
              )
            const problem = trainingProblem(
              trainingData(String(solution.attributes.datasetGroupArn), now),
              solution.attributes.eventType as string | undefined
            )
            const id = (++ids).toString(16).padStart(8, "0")
            const attributes = { solutionArn: solution.arn, trainingMode: input.trainingMode, trainingType: "MANUAL" }
            return insert(
              "SolutionVersion",
              input.name,
              P.solutionVersionPath(solution.name, id),
              solution.arn,
              attributes,
              now,
              {
                timeline: createTimeline("SolutionVersion", now, problem)
              }
            ).arn
          }
          case "Campaign": {
            yield* checkName("Campaign", input.name, "", now)
            if (!Number.isInteger(input.minProvisionedTPS) || input.minProvisionedTPS < 1)
              return yield* invalid("Campaign", "minProvisionedTPS", "minProvisionedTPS must be an integer ≥ 1")
            const version = yield* findActive("SolutionVersion", input.solutionVersionArn, now, "solutionVersionArn")
            const solution = yield* find("Solution", String(version.parentArn), now)
            const groupArn = String(solution.attributes.datasetGroupArn)
            const campaigns = childrenOf(groupArn, "Solution", now).flatMap((s) => childrenOf(s.arn, "Campaign", now))
            if (campaigns.length >= quotas.campaignsPerGroup)
              return yield* limit(
                "Campaign",
                `Cannot create a campaign. More than ${quotas.campaignsPerGroup} resources in ACTIVE state`
              )
            const attributes = {
              solutionVersionArn: version.arn,
              minProvisionedTPS: input.minProvisionedTPS,
              ...(input.campaignConfig === undefined ? {} : { campaignConfig: input.campaignConfig })
            }
            return insert("Campaign", input.name, input.name, solution.arn, attributes, now).arn
          }
          case "Recommender": {
            yield* checkName("Recommender", input.name, "", now)
            const group = yield* findActive("DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
            if (group.attributes.domain === undefined)
              return yield* invalid("Recommender", "datasetGroupArn", "recommenders need a domain dataset group")
            if (childrenOf(group.arn, "Recommender", now).length >= quotas.recommendersPerGroup)
              return yield* limit(
                "Recommender",
                `More than ${quotas.recommendersPerGroup} recommenders in the dataset group`
              )
            const attributes = {
              datasetGroupArn: group.arn,
              recipeArn: input.recipeArn,
              recommenderConfig: { minRecommendationRequestsPerSecond: 1, ...input.recommenderConfig }
            }
            return insert("Recommender", input.name, input.name, group.arn, attributes, now, {
              timeline: createTimeline("Recommender", now, trainingProblem(trainingData(group.arn, now), undefined))
            }).arn
          }
          case "BatchInferenceJob":
          case "BatchSegmentJob": {
            const kind = input.kind
            yield* checkName(kind, input.name, "", now)
            const version = yield* findActive("SolutionVersion", input.solutionVersionArn, now, "solutionVersionArn")
            if (input.filterArn !== undefined) yield* find("Filter", input.filterArn, now)
            const quota =
              kind === "BatchInferenceJob" ? quotas.inFlightBatchInferenceJobs : quotas.inFlightBatchSegmentJobs
            if (countInFlight(kind, now) >= quota)
              return yield* limit(kind, `More than ${quota} resources with PENDING or IN_PROGRESS status.`)
            const attributes = {
              solutionVersionArn: version.arn,
              jobInput: input.inputPath,
              jobOutput: input.outputPath,
              roleArn: input.roleArn,
              ...(input.filterArn === undefined ? {} : { filterArn: input.filterArn }),
              ...(input.numResults === undefined ? {} : { numResults: input.numResults }),
              ...(input.jobConfig === undefined ? {} : { jobConfig: input.jobConfig })
            }
            return insert(kind, input.name, input.name, version.arn, attributes, now).arn
          }
        }
      })

    const describeEntry = (entry: Entry, now: number): P.ResourceDescription => {
      const step = statusAt(entry.timeline, now)
      const u = entry.update
      const updateStep = u === undefined ? undefined : statusAt(u.timeline, now)
      return {
        kind: entry.kind,
        name: entry.name,
        arn: entry.arn,
        status: P.kindTraits[entry.kind].hasStatus ? step.status : undefined,
        ...(step.failureReason === undefined ? {} : { failureReason: step.failureReason }),
        ...(entry.parentArn === undefined ? {} : { parentArn: entry.parentArn }),
        attributes: { ...entry.attributes },
        ...(u === undefined || updateStep === undefined
          ? {}
          : {
              latestUpdate: {
                status: updateStep.status,
                lastUpdatedDateTime: updateStep.at,
                ...(updateStep.failureReason === undefined ? {} : { failureReason: updateStep.failureReason }),
                ...(u.fields.solutionVersionArn === undefined
                  ? {}
                  : { solutionVersionArn: u.fields.solutionVersionArn as P.ResourceArn }),
                ...(u.fields.minProvisionedTPS === undefined
                  ? {}
                  : { minProvisionedTPS: u.fields.minProvisionedTPS as number }),
                ...(u.fields.config === undefined ? {} : { config: u.fields.config as Record<string, unknown> })
              }
            }),
        creationDateTime: entry.createdAt,
        lastUpdatedDateTime: Math.max(step.at, updateStep?.at ?? 0)
      }
    }

    const describe: P.Personalize["Service"]["describe"] = (kind, arn) =>
      Effect.gen(function* () {
        yield* gate(`Describe${kind}`)
        const now = yield* Clock.currentTimeMillis
        return describeEntry(yield* find(kind, arn, now), now)
      })

    const list: P.Personalize["Service"]["list"] = (input) =>
      Effect.gen(function* () {
        yield* gate(`List${input.kind}s`)
        const now = yield* Clock.currentTimeMillis
        const max = input.maxResults ?? 100
        if (!Number.isInteger(max) || max < 1 || max > 100)
          return yield* invalid(input.kind, "maxResults", "maxResults must be 1–100")
        const offset = input.nextToken === undefined ? 0 : Number.parseInt(input.nextToken, 36)
        if (!Number.isInteger(offset) || offset < 0)
          return yield* invalid(input.kind, "nextToken", "The token is not valid.")
        const all =
          input.parentArn === undefined ? aliveOfKind(input.kind, now) : childrenOf(input.parentArn, input.kind, now)
        const page = all.slice(offset, offset + max).map((e) => describeEntry(e, now))
        return offset + max < all.length ? { items: page, nextToken: (offset + max).toString(36) } : { items: page }
      })

    const startUpdate = (entry: Entry, now: number, fields: Record<string, unknown>) => {
      const failed = random() < faults.createFailure
      const end = now + seconds(other.update)
      entry.update = {
        fields,
        applied: false,
        timeline: [
          { at: now, status: "CREATE_PENDING" },
          { at: now + Math.round(seconds(other.update) * 0.1), status: "CREATE_IN_PROGRESS" },
          failed
            ? { at: end, status: "CREATE_FAILED", failureReason: injectedFailureReasons[entry.kind] }
            : { at: end, status: "ACTIVE" }
        ]
      }
    }

    const updateInFlight = (entry: Entry, now: number) =>
      entry.update !== undefined && inFlight(statusAt(entry.update.timeline, now).status)
        ? Effect.fail(
            new P.ResourceInUse({
              kind: entry.kind,
              arn: entry.arn,
              message: `${entry.kind} has an update in progress`
            })
          )
        : Effect.void

    const requireStatus = (entry: Entry, now: number, allowed: ReadonlyArray<P.Status>) => {
      const status = statusOf(entry, now)
      return allowed.includes(status)
        ? Effect.void
        : Effect.fail(
            new P.ResourceInUse({
              kind: entry.kind,
              arn: entry.arn,
              message: `${entry.kind} is in ${status} state; the operation needs ${allowed.join(" or ")}`
            })
          )
    }

    const update: P.Personalize["Service"]["update"] = (input) =>
      Effect.gen(function* () {
        yield* gate(`Update${input.kind}`)
        const now = yield* Clock.currentTimeMillis
        const entry = yield* find(input.kind, input.arn, now)
        yield* updateInFlight(entry, now)
        switch (input.kind) {
          case "Dataset": {
            yield* requireStatus(entry, now, ["ACTIVE"])
            yield* find("Schema", input.schemaArn, now)
            return startUpdate(entry, now, { schemaArn: input.schemaArn })
          }
          case "Solution": {
            yield* requireStatus(entry, now, ["ACTIVE"])
            return startUpdate(entry, now, {
              ...(input.performAutoTraining === undefined ? {} : { performAutoTraining: input.performAutoTraining }),
              ...(input.solutionUpdateConfig === undefined ? {} : { solutionUpdateConfig: input.solutionUpdateConfig })
            })
          }
          case "Campaign": {
            yield* requireStatus(entry, now, ["ACTIVE", "CREATE_FAILED"])
            if (
              input.minProvisionedTPS !== undefined &&
              (!Number.isInteger(input.minProvisionedTPS) || input.minProvisionedTPS < 1)
            )
              return yield* invalid("Campaign", "minProvisionedTPS", "minProvisionedTPS must be an integer ≥ 1")
            if (input.solutionVersionArn !== undefined) {
              const version = yield* findActive("SolutionVersion", input.solutionVersionArn, now, "solutionVersionArn")
              // A campaign stays listed under its solution; moving it to another solution is not modelled.
              if (version.parentArn !== entry.parentArn)
                return yield* invalid(
                  "Campaign",
                  "solutionVersionArn",
                  "the solution version belongs to another solution"
                )
            }
            return startUpdate(entry, now, {
              ...(input.solutionVersionArn === undefined ? {} : { solutionVersionArn: input.solutionVersionArn }),
              ...(input.minProvisionedTPS === undefined ? {} : { minProvisionedTPS: input.minProvisionedTPS }),
              ...(input.campaignConfig === undefined ? {} : { campaignConfig: input.campaignConfig })
            })
          }
          case "Recommender": {
            yield* requireStatus(entry, now, ["ACTIVE"])
            return startUpdate(entry, now, {
              recommenderConfig: { ...(entry.attributes.recommenderConfig as object), ...input.recommenderConfig }
            })
          }
        }
      })

    const del: P.Personalize["Service"]["delete"] = (kind, arn) =>
      Effect.gen(function* () {
        yield* gate(`Delete${kind}`)
        const now = yield* Clock.currentTimeMillis
        const entry = yield* find(kind, arn, now)
        const inUse = (message: string) => Effect.fail(new P.ResourceInUse({ kind, arn, message }))
        if (P.kindTraits[kind].hasStatus) yield* requireStatus(entry, now, ["ACTIVE", "CREATE_FAILED", "INACTIVE"])
        yield* updateInFlight(entry, now)
        switch (kind) {
          case "DatasetGroup": {
            const blocking = (["Dataset", "EventTracker", "Solution", "Filter", "Recommender"] as const).filter(
              (k) => childrenOf(arn, k, now).length > 0
            )
            if (blocking.length > 0)
              return yield* inUse(`delete the dataset group's ${blocking.join(", ")} resources first`)
            break
          }
          case "Schema":
            if (aliveOfKind("Dataset", now).some((d) => d.attributes.schemaArn === arn))
              return yield* inUse("a dataset uses this schema; delete it first")
            remove(entry)
            return
          case "Dataset": {
            const groupArn = String(entry.parentArn)
            if (childrenOf(arn, "DatasetImportJob", now).some((j) => inFlight(statusOf(j, now))))
              return yield* inUse("an import job on this dataset is in progress")
            const training = childrenOf(groupArn, "Solution", now).some((s) =>
              childrenOf(s.arn, "SolutionVersion", now).some((v) => inFlight(statusOf(v, now)))
            )
            if (training) return yield* inUse("a solution version of this dataset group is in progress")
            break
          }
          case "Solution":
            if (childrenOf(arn, "Campaign", now).length > 0)
              return yield* inUse("delete the solution's campaigns first")
            if (childrenOf(arn, "SolutionVersion", now).some((v) => inFlight(statusOf(v, now))))
              return yield* inUse("a solution version is in progress")
            break
          default:
            break
        }
        const d = seconds(other.delete)
        entry.timeline = [
          ...entry.timeline,
          { at: now, status: "DELETE_PENDING" },
          ...(kind === "DatasetGroup" ? [] : [{ at: now + Math.round(d / 2), status: "DELETE_IN_PROGRESS" as const }])
        ]
        entry.goneAt = now + d
      })

    const stop: P.Personalize["Service"]["stop"] = (kind, arn) =>
      Effect.gen(function* () {
        yield* gate(kind === "SolutionVersion" ? "StopSolutionVersionCreation" : "StopRecommender")
        const now = yield* Clock.currentTimeMillis
        const entry = yield* find(kind, arn, now)
        const status = statusOf(entry, now)
        const d = seconds(other.stop)
        const past = entry.timeline.filter((s) => s.at <= now)
        if (kind === "SolutionVersion") {
          if (status === "CREATE_PENDING") entry.timeline = [...past, { at: now, status: "CREATE_STOPPED" }]
          else if (status === "CREATE_IN_PROGRESS")
            entry.timeline = [
              ...past,
              { at: now, status: "CREATE_STOPPING" },
              { at: now + d, status: "CREATE_STOPPED" }
            ]
          else
            return yield* new P.ResourceInUse({
              kind,
              arn,
              message: `cannot stop a solution version in ${status} state`
            })
          return
        }
        yield* requireStatus(entry, now, ["ACTIVE"])
        entry.timeline = [
          ...past,
          { at: now, status: "STOP_PENDING" },
          { at: now + Math.round(d / 2), status: "STOP_IN_PROGRESS" },
          { at: now + d, status: "INACTIVE" }
        ]
      })

    const start: P.Personalize["Service"]["start"] = (kind, arn) =>
      Effect.gen(function* () {
        yield* gate("StartRecommender")
        const now = yield* Clock.currentTimeMillis
        const entry = yield* find(kind, arn, now)
        yield* requireStatus(entry, now, ["INACTIVE"])
        const d = seconds(other.start)
        entry.timeline = [
          ...entry.timeline.filter((s) => s.at <= now),
          { at: now, status: "START_PENDING" },
          { at: now + Math.round(d / 2), status: "START_IN_PROGRESS" },
          { at: now + d, status: "ACTIVE" }
        ]
      })

    const inspector: TwinInspector = {
      inventory: Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        return P.ResourceKinds.flatMap((k) => aliveOfKind(k, now).map((e) => describeEntry(e, now)))
      }),
      createCount: (kind) => creates.get(kind) ?? 0,
      callCount: () => calls
    }

    return {
      personalize: P.Personalize.of({ create, describe, list, update, delete: del, stop, start }),
      inspector
    }
  })

/** The twin as a layer: `Personalize` plus its `PersonalizeTwin` inspector (reads `DataSource` when provided). */
export const layerMemoryPersonalize = (options: TwinOptions = {}): Layer.Layer<P.Personalize | PersonalizeTwin> =>
  Layer.effectContext(
    Effect.map(makePersonalizeTwin(options), ({ inspector, personalize }) =>
      Context.make(P.Personalize, personalize).pipe(Context.add(PersonalizeTwin, inspector))
    )
  )
