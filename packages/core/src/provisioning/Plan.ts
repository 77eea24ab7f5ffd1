import type { ResourceArn } from "../personalize/Arn.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { isTerminal } from "../personalize/Status.ts"
import { fieldDiffers, observedValue, sameJson } from "./canonical.ts"
import type { ArnOf, DesiredField, DesiredResource, ResourceKey } from "./DesiredResource.ts"
import type { Observed } from "./Observed.ts"

/** What apply will do with one resource, or what it reports about it. */
export type StepAction =
  /** Does not exist: create it. */
  | "Create"
  /** Exists, ours, config changed on an updatable field: UpdateX. */
  | "Update"
  /** Exists with a matching config but was not created by this tool: take it over. */
  | "Adopt"
  /** Exists but is still being created/updated: wait for it. */
  | "Wait"
  /** Exists, matches, ours: nothing to do. */
  | "NoOp"
  /** Changed outside the tool, or differs on a field no API can change: reported, never overwritten. */
  | "Drift"
  /** Exists in a failed state the tool will not delete for you: reported with its failure reason. */
  | "Failed"

export interface FieldChange {
  readonly field: string
  readonly from: unknown
  readonly to: unknown
}

export interface PlanStep {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly action: StepAction
  readonly dependsOn: ReadonlyArray<ResourceKey>
  readonly arn?: ResourceArn
  readonly changes?: ReadonlyArray<FieldChange>
  readonly reason?: string
  /**
   * Fields changed outside the tool that an Update leaves as they are (reported in `reason`): a campaign
   * whose TPS drifted still rolls forward to a new solution version, keeping the TPS it was given.
   */
  readonly kept?: ReadonlyArray<string>
}

export interface Plan {
  readonly steps: ReadonlyArray<PlanStep>
}

const actionable = new Set<StepAction>(["Create", "Update", "Adopt", "Wait"])

/** The steps apply would act on (Create, Update, Adopt, Wait); a plan with none is empty. */
export const actions = (plan: Plan): ReadonlyArray<PlanStep> => plan.steps.filter((s) => actionable.has(s.action))

const pending = (v: unknown) => typeof v === "string" && v.startsWith("pending:")

/** The compared fields on which a run's newest job differs from the config (each is a reason to run again). */
const runChanges = (
  resource: DesiredResource,
  current: ResourceDescription,
  arnOf: ArnOf
): ReadonlyArray<FieldChange> =>
  Object.entries(resource.fields(arnOf)).flatMap(([field, want]) => {
    const have = observedValue(field, current.attributes, want.absent)
    return pending(want.value) || fieldDiffers(want, have) ? [{ field, from: have, to: want.value }] : []
  })

/**
 * Compares what the deployment wants with what exists, one map lookup per resource (linear): create
 * what is missing, update what changed in the config, adopt matching resources the tool did not make,
 * wait for what is in flight, and report drift (changed outside the tool) without overwriting it.
 */
export const reconcile = (desired: ReadonlyArray<DesiredResource>, observed: Observed): Plan => {
  const creating = new Set<ResourceKey>()
  // A dependency about to be (re)created has no usable ARN yet, even if an old one exists.
  const arnOf = (key: ResourceKey) => (creating.has(key) ? undefined : observed.resources.get(key)?.arn)
  const steps = desired.map((resource): PlanStep => {
    const base = { key: resource.key, kind: resource.kind, name: resource.name, dependsOn: resource.dependsOn }
    const current = observed.resources.get(resource.key)
    const retrain =
      resource.kind === "SolutionVersion" &&
      current !== undefined &&
      current.status !== undefined &&
      current.status !== "ACTIVE" &&
      isTerminal(current.status)
    const rerun = resource.run === true && current !== undefined ? runChanges(resource, current, arnOf) : []
    if (current === undefined || retrain || rerun.length > 0) {
      creating.add(resource.key)
      const note = resource.createNote?.(arnOf, observed)
      const reason =
        current === undefined
          ? note
          : retrain
            ? `the latest version is ${current.status}; training a new one`
            : `a new run: the last one (${current.name}) ran with another ${rerun.map((c) => c.field).join(", ")}`
      return {
        ...base,
        action: "Create",
        ...(rerun.length === 0 ? {} : { changes: rerun }),
        ...(reason === undefined ? {} : { reason })
      }
    }
    const withArn = { ...base, arn: current.arn }
    const status = current.status
    if (status === "CREATE_FAILED")
      return { ...withArn, action: "Failed", reason: current.failureReason ?? "CREATE FAILED (no reason given)" }
    if (status !== undefined && status !== "ACTIVE") {
      if (!isTerminal(status)) return { ...withArn, action: "Wait", reason: `status ${status}` }
      return { ...withArn, action: "Drift", reason: `status ${status} (changed outside the tool)` }
    }
    if (current.latestUpdate !== undefined && !isTerminal(current.latestUpdate.status))
      return { ...withArn, action: "Wait", reason: `update ${current.latestUpdate.status}` }
    const fields = resource.fields(arnOf)
    const ledger = observed.ledger.get(resource.key)
    const observedFields: Record<string, unknown> = {}
    const changes: Array<FieldChange> = []
    for (const field in fields) {
      const want = fields[field] as DesiredField
      const have = observedValue(field, current.attributes, want.absent)
      observedFields[field] = have
      // A value that points at a resource still to be created will differ once it exists.
      if (pending(want.value) || fieldDiffers(want, have)) changes.push({ field, from: have, to: want.value })
    }
    // Drift needs a field that differs from the config: with none, the ledger has nothing to tell.
    if (changes.length > 0 && ledger !== undefined && ledger.arn === current.arn) {
      // Changed outside the tool, and not to what the config now asks: drift the config matches clears.
      const differsFromConfig = new Set(changes.map((c) => c.field))
      const outside = Object.keys(ledger.fields).filter(
        (f) => f in observedFields && differsFromConfig.has(f) && !sameJson(ledger.fields[f], observedFields[f])
      )
      // What the config changed besides (a new solution version, say) still goes through; the drift is kept.
      const rest = changes.filter((c) => !outside.includes(c.field) && fields[c.field]?.updatable === true)
      const drifted = `changed outside the tool: ${outside.join(", ")}`
      if (outside.length > 0 && rest.length > 0 && rest.length === changes.length - outside.length)
        return { ...withArn, action: "Update", changes: rest, kept: outside, reason: `${drifted} (kept)` }
      if (outside.length > 0)
        return {
          ...withArn,
          action: "Drift",
          changes: outside.map((f) => ({ field: f, from: ledger.fields[f], to: observedFields[f] })),
          reason: drifted
        }
    }
    if (changes.length === 0) return { ...withArn, action: ledger === undefined ? "Adopt" : "NoOp" }
    const immutable = changes.filter((c) => fields[c.field]?.updatable !== true)
    if (immutable.length > 0)
      return {
        ...withArn,
        action: "Drift",
        changes,
        reason: `${immutable.map((c) => c.field).join(", ")} cannot be updated in place; delete and re-create it deliberately`
      }
    if (ledger === undefined)
      return {
        ...withArn,
        action: "Drift",
        changes,
        reason: "exists with a different config and was not created by this tool"
      }
    return { ...withArn, action: "Update", changes }
  })
  return { steps }
}
