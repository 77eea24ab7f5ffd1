// A scripted Personalize for core's own provisioning and workflow tests (core cannot depend on
// adapters-memory, whose twin the contract suite in ../../testing checks). Resources live in a map; what a
// create answers and which status a new resource starts in are set per test; every call is recorded.
import { Effect } from "effect"
import { datasetId, defaultScope, formatArn, parseArn, type ResourceArn } from "../../src/personalize/Arn.ts"
import { type PersonalizeError, ResourceNotFound } from "../../src/personalize/errors.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { CreateInput, ResourceDescription } from "../../src/personalize/Resource.ts"
import type { ResourceKind } from "../../src/personalize/ResourceKind.ts"
import type { Status } from "../../src/personalize/Status.ts"
import { parentArnIn } from "../../src/personalize/wireNames.ts"

export interface FakePersonalize {
  readonly service: Personalize["Service"]
  /** Every resource by ARN, in creation order. */
  readonly resources: Map<string, ResourceDescription>
  /** `<Operation> <kind>:<name>` of every call, in order (List calls name the parent ARN's last part). */
  readonly calls: Array<string>
  /** Adds (or replaces) a resource as if it existed before the test. */
  readonly put: (d: ResourceDescription) => void
  /** Sets a resource's status (and failure reason). */
  readonly setStatus: (kind: ResourceKind, name: string, status: Status, failureReason?: string) => void
  readonly arnOf: (kind: ResourceKind, name: string) => ResourceArn
  /** Removes every resource left in `deleteStatus` (its delete finished). */
  readonly finishDeletes: () => void
}

export interface FakeScript {
  /** The status a created resource starts in (Schema: none). Default ACTIVE. */
  readonly createdStatus?: (input: CreateInput) => Status
  /** An error a create answers instead of creating (once per call). */
  readonly failCreate?: (input: CreateInput) => PersonalizeError | undefined
  /** What a DescribeX answers on its `n`th call for this ARN (1-based); undefined: the resource as it is. */
  readonly onDescribe?: (d: ResourceDescription, n: number) => ResourceDescription | undefined
  /** An error an UpdateX answers instead of updating. */
  readonly failUpdate?: (kind: ResourceKind) => PersonalizeError | undefined
  /** The latest update's status an UpdateX leaves (absent: the description keeps no latest update). */
  readonly updateStatus?: Status
  /** An error a DeleteX answers instead of deleting. */
  readonly failDelete?: (kind: ResourceKind, arn: ResourceArn) => PersonalizeError | undefined
  /** The status a deleted resource is left in until `finishDeletes` (absent: it is gone at once). */
  readonly deleteStatus?: Status
  /** An error a DescribeX answers instead of the description. */
  readonly failDescribe?: (kind: ResourceKind, arn: ResourceArn) => PersonalizeError | undefined
  /** ARNs a listing of this kind reports as not describable right now (on its last page). */
  readonly unavailable?: (kind: ResourceKind) => ReadonlyArray<ResourceArn>
  /** Items per List page (to exercise paging). Default 100. */
  readonly pageSize?: number
}

const scopeArn = (input: CreateInput, count: number): ResourceArn => {
  switch (input.kind) {
    case "Dataset":
      return formatArn(
        defaultScope,
        "Dataset",
        datasetId(parseArn(input.datasetGroupArn)?.name ?? "g", input.datasetType)
      )
    case "SolutionVersion":
      return formatArn(defaultScope, "SolutionVersion", `${parseArn(input.solutionArn)?.name ?? "s"}/v${count}`)
    default:
      return formatArn(defaultScope, input.kind, input.name)
  }
}

/** The create request's members a description echoes back as attributes (what the planner compares). */
const attributesOf = (input: CreateInput): Record<string, unknown> => {
  const { kind: _k, name: _n, tags: _t, ...rest } = input as CreateInput & { tags?: unknown }
  return rest
}

export const makeFakePersonalize = (script: FakeScript = {}): FakePersonalize => {
  const resources = new Map<string, ResourceDescription>()
  const calls: Array<string> = []
  const describes = new Map<string, number>()
  let count = 0
  const find = (kind: ResourceKind, name: string) =>
    [...resources.values()].find((r) => r.kind === kind && r.name === name)
  const put = (d: ResourceDescription) => {
    resources.set(d.arn, d)
  }
  /** Removes a resource and what it holds (DeleteSolution takes its versions with it). */
  const remove = (arn: string) => {
    resources.delete(arn)
    for (const r of [...resources.values()]) if (r.parentArn === arn && r.kind === "SolutionVersion") remove(r.arn)
  }
  const setStatus = (kind: ResourceKind, name: string, status: Status, failureReason?: string) => {
    const r = find(kind, name)
    if (r === undefined) throw new Error(`no ${kind} ${name}`)
    const { failureReason: _f, ...rest } = r
    put({ ...rest, status, ...(failureReason === undefined ? {} : { failureReason }) })
  }
  const service = Personalize.of({
    create: (input) =>
      Effect.suspend(() => {
        calls.push(`Create ${input.kind}:${input.name}`)
        const error = script.failCreate?.(input)
        if (error !== undefined) return Effect.fail(error)
        count++
        const arn = scopeArn(input, count)
        const parentArn = parentArnIn(input.kind, input as unknown as Record<string, unknown>)
        put({
          kind: input.kind,
          name: input.name,
          arn,
          status: input.kind === "Schema" ? undefined : (script.createdStatus?.(input) ?? "ACTIVE"),
          ...(parentArn === undefined ? {} : { parentArn }),
          attributes: attributesOf(input),
          creationDateTime: count,
          lastUpdatedDateTime: count
        })
        return Effect.succeed(arn)
      }),
    describe: (kind, arn) =>
      Effect.suspend(() => {
        const r = resources.get(arn)
        calls.push(`Describe ${kind}:${r?.name ?? arn}`)
        const error = script.failDescribe?.(kind, arn)
        if (error !== undefined) return Effect.fail(error)
        if (r === undefined) return Effect.fail(new ResourceNotFound({ kind, arn, message: `${arn} does not exist` }))
        const n = (describes.get(arn) ?? 0) + 1
        describes.set(arn, n)
        const next = script.onDescribe?.(r, n)
        if (next !== undefined) put(next)
        return Effect.succeed(next ?? r)
      }),
    list: (input) =>
      Effect.sync(() => {
        calls.push(`List ${input.kind}${input.parentArn === undefined ? "" : `@${parseArn(input.parentArn)?.name}`}`)
        const all = [...resources.values()].filter(
          (r) => r.kind === input.kind && (input.parentArn === undefined || r.parentArn === input.parentArn)
        )
        const size = Math.min(script.pageSize ?? 100, input.maxResults ?? 100)
        const from = input.nextToken === undefined ? 0 : Number(input.nextToken)
        const items = all.slice(from, from + size)
        if (from + size < all.length) return { items, nextToken: String(from + size) }
        const unavailable = script.unavailable?.(input.kind) ?? []
        return unavailable.length === 0 ? { items } : { items, unavailable }
      }),
    update: (input) =>
      Effect.suspend(() => {
        const r = resources.get(input.arn)
        calls.push(`Update ${input.kind}:${r?.name}`)
        const error = script.failUpdate?.(input.kind)
        if (error !== undefined) return Effect.fail(error)
        if (r === undefined) return Effect.void
        const { kind: _k, arn: _a, ...fields } = input
        put({
          ...r,
          attributes: { ...r.attributes, ...fields },
          ...(script.updateStatus === undefined
            ? {}
            : { latestUpdate: { status: script.updateStatus, lastUpdatedDateTime: count } })
        })
        return Effect.void
      }),
    delete: (kind, arn) =>
      Effect.suspend(() => {
        const r = resources.get(arn)
        calls.push(`Delete ${kind}:${r?.name}`)
        const error = script.failDelete?.(kind, arn)
        if (error !== undefined) return Effect.fail(error)
        if (r !== undefined && script.deleteStatus !== undefined) put({ ...r, status: script.deleteStatus })
        else remove(arn)
        return Effect.void
      }),
    stop: (kind, arn) => Effect.sync(() => void calls.push(`Stop ${kind}:${resources.get(arn)?.name}`)),
    start: (kind, arn) => Effect.sync(() => void calls.push(`Start ${kind}:${resources.get(arn)?.name}`))
  })
  const arnOf = (kind: ResourceKind, name: string) => {
    const r = find(kind, name)
    if (r === undefined) throw new Error(`no ${kind} ${name}`)
    return r.arn
  }
  const finishDeletes = () => {
    for (const r of [...resources.values()]) if (r.status === script.deleteStatus) remove(r.arn)
  }
  return { service, resources, calls, put, setStatus, arnOf, finishDeletes }
}
