import { type Config, Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { makeMemoryEventStore } from "../kernel/MemoryEventStore.ts"
import type { FaultProfileName } from "../personalize/faults.ts"
import { makePersonalizeTwin, type TwinOptions } from "../personalize/PersonalizeTwin.ts"
import { withStandInRole } from "../personalize/standInRole.ts"
import { runVirtual } from "../simulation/virtualTime.ts"

export interface SimulateOptions {
  readonly seed?: number
  readonly faults?: FaultProfileName
  readonly twin?: Omit<TwinOptions, "seed" | "faults">
  readonly apply?: Provisioning.ApplyOptions
  /** Stop the simulation after this much virtual time (a guard; apply's own timeouts come first). */
  readonly maxSimulatedDays?: number
  /** A DataSource for local import files (omit: every location is treated as remote). */
  readonly dataSource?: Layer.Layer<P.DataSource>
}

/** One row of the final resource table. */
export interface SimulatedResource {
  readonly kind: P.ResourceKind
  readonly name: string
  readonly arn: string
  readonly status: string
}

export interface SimulationResult {
  readonly ok: boolean
  readonly simulatedSeconds: number
  readonly resources: ReadonlyArray<SimulatedResource>
  readonly failures: ReadonlyArray<Provisioning.ApplyFailure>
  readonly replan: { readonly steps: number }
  readonly events: number
  readonly apply: Provisioning.ApplyResult
  /** Actions of the plan after the apply (should be none after a successful apply). */
  readonly replanSteps: ReadonlyArray<Provisioning.PlanStep>
  /** Creates per kind, counted by the twin (each resource should be created at most once). */
  readonly creates: { readonly [K in P.ResourceKind]?: number }
}

/**
 * Runs an effect in virtual time (`runVirtual`: a discrete-event clock and scheduler), until it completes
 * or `maxDays` of virtual time have passed (then it is interrupted). Every sleep wakes in order at its
 * exact time, so durations measured inside are exact while hours pass in milliseconds. `startAt` (epoch
 * ms) sets where virtual time begins (a run that carries on from a saved twin starts at the snapshot's time).
 */
export const runInVirtualTime = <A, E>(effect: Effect.Effect<A, E>, maxDays = 60, startAt = 0): Effect.Effect<A, E> =>
  runVirtual(effect, startAt, startAt + maxDays * 24 * 3600 * 1000)

/**
 * Provisions a deployment on a fresh Personalize twin under virtual time: hours of training take
 * milliseconds. Applies, then plans again (the replan), all on the twin's clock, and returns the
 * JSON contract of `personalize-ops simulate`.
 */
export const simulateDeployment = (
  config: Config.Deployment,
  options: SimulateOptions = {}
): Effect.Effect<SimulationResult, P.PersonalizeError> =>
  Effect.gen(function* () {
    const deployment = withStandInRole(config, options.twin?.scope)
    const twinOptions: TwinOptions = { ...options.twin, seed: options.seed ?? 1, faults: options.faults ?? "none" }
    const twinEffect =
      options.dataSource === undefined
        ? makePersonalizeTwin(twinOptions)
        : makePersonalizeTwin(twinOptions).pipe(Effect.provide(options.dataSource))
    const twin = yield* twinEffect
    const store = makeMemoryEventStore()
    const services = Layer.mergeAll(
      Layer.succeed(P.Personalize, twin.personalize),
      Layer.succeed(P.DescriptionTokens, twin.tokens),
      Layer.succeed(Kernel.EventStore, store)
    )
    const program = Effect.gen(function* () {
      const apply = yield* Provisioning.applyDeployment(deployment, options.apply)
      const replan = yield* Provisioning.planDeployment(deployment, options.apply?.defaults)
      const inventory = yield* twin.inspector.inventory
      return { apply, replan, inventory }
    }).pipe(Effect.provide(services))

    const { apply, replan, inventory } = yield* runInVirtualTime(program, options.maxSimulatedDays)

    const creates: { [K in P.ResourceKind]?: number } = {}
    for (const kind of P.ResourceKinds) {
      const n = twin.inspector.createCount(kind)
      if (n > 0) creates[kind] = n
    }
    const replanActions = Provisioning.actions(replan)
    return {
      ok: apply.ok,
      simulatedSeconds: Math.round((apply.finishedAt - apply.startedAt) / 1000),
      resources: inventory.map((d) => ({ kind: d.kind, name: d.name, arn: d.arn, status: d.status ?? "ACTIVE" })),
      failures: apply.failures,
      replan: { steps: replanActions.length },
      events: apply.events,
      apply,
      replanSteps: replanActions,
      creates
    }
  })
