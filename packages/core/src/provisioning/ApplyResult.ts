import type { Effect } from "effect"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import type { Status } from "../personalize/Status.ts"
import type { DesiredDefaults, ResourceKey } from "./DesiredResource.ts"
import type { Plan, PlanStep, StepAction } from "./Plan.ts"
import type { RetryPolicy } from "./retry.ts"
import type { WaitPolicy } from "./waitPolicy.ts"

/** How many plan steps apply runs at once unless told otherwise (a wait or a call each). */
export const defaultMaxConcurrentSteps = 64

export interface ApplyOptions {
  readonly waitPolicies?: { readonly [K in ResourceKind]?: Partial<WaitPolicy> }
  readonly retry?: Partial<RetryPolicy>
  readonly defaults?: DesiredDefaults
  readonly actor?: string
  readonly correlationId?: string
  /**
   * Start what is ready and return instead of waiting: a resource still in flight (and what depends on
   * it) is reported `waiting`. One pass of a reconcile loop whose waits are a state machine's Wait states.
   */
  readonly noWait?: boolean
  /**
   * Steps run at once (default `defaultMaxConcurrentSteps`); the others wait for a slot in plan order.
   * Also bounds how deep a finished step's completion nests into its waiting dependents' continuations.
   */
  readonly maxConcurrentSteps?: number
  /** Called when a step finishes (for progress lines). */
  readonly onStep?: (report: StepReport) => Effect.Effect<void>
  /** Called after each poll of a resource being waited for (for live progress). */
  readonly onWait?: (report: WaitReport) => Effect.Effect<void>
}

/** One poll of a resource that is being waited for. */
export interface WaitReport {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly arn: ResourceArn
  /** Its status (or its update's status, when an update is being waited for). */
  readonly status: Status
  /** Epoch ms on the Clock. */
  readonly at: number
  /** When the next poll is due (epoch ms on the Clock); absent once the status is terminal. */
  readonly nextPollAt?: number
}

export type StepOutcome = "ready" | "failed" | "skipped" | "waiting"

export interface StepReport {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly action: StepAction
  readonly outcome: StepOutcome
  readonly arn?: ResourceArn
  readonly status?: Status
  readonly reason?: string
  /** Epoch ms on the Clock. */
  readonly startedAt: number
  readonly finishedAt: number
}

/** A resource that did not become ACTIVE, why, and what was therefore not attempted. */
export interface ApplyFailure {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly arn?: ResourceArn
  readonly cause: string
  readonly dependents: ReadonlyArray<{ readonly kind: ResourceKind; readonly name: string }>
}

export interface ApplyResult {
  readonly ok: boolean
  readonly plan: Plan
  readonly steps: ReadonlyArray<StepReport>
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly drift: ReadonlyArray<PlanStep>
  readonly startedAt: number
  readonly finishedAt: number
  readonly events: number
}

/** How one step ended, as its dependents see it. */
export type Outcome =
  | { readonly _tag: "Ready"; readonly arn: ResourceArn }
  /** `reason` is this step's own text; `rootReason` the failed root's, so chains do not nest messages. */
  | { readonly _tag: "Failed"; readonly root: ResourceKey; readonly reason: string; readonly rootReason: string }
  /** Still in flight (`noWait`), or waiting for a dependency that is. */
  | { readonly _tag: "Pending"; readonly reason: string }
