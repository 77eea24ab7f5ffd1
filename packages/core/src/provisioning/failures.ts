import type { ResourceKind } from "../personalize/ResourceKind.ts"
import type { ApplyFailure } from "./ApplyResult.ts"
import type { ApplyContext } from "./applyContext.ts"
import type { ResourceKey } from "./DesiredResource.ts"
import type { Plan } from "./Plan.ts"

/** The failed steps in plan order, each naming the steps it left unattempted. */
export const collectFailures = (ctx: ApplyContext, plan: Plan): ReadonlyArray<ApplyFailure> => {
  const dependents = new Map<ResourceKey, Array<{ kind: ResourceKind; name: string }>>()
  for (const r of ctx.reports) {
    // Every step has finished: its outcome is settled.
    const o = r.outcome === "skipped" ? ctx.settled.get(r.key) : undefined
    if (o?._tag !== "Failed") continue
    const list = dependents.get(o.root) ?? []
    list.push({ kind: r.kind, name: r.name })
    dependents.set(o.root, list)
  }
  const reportByKey = new Map(ctx.reports.map((r) => [r.key, r]))
  return plan.steps.flatMap((step): ReadonlyArray<ApplyFailure> => {
    const r = reportByKey.get(step.key)
    if (r?.outcome !== "failed") return []
    return [
      {
        key: r.key,
        kind: r.kind,
        name: r.name,
        ...(r.arn === undefined ? {} : { arn: r.arn }),
        cause: r.reason ?? "failed",
        dependents: dependents.get(r.key) ?? []
      }
    ]
  })
}
