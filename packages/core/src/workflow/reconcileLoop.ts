import type { AslDefinition, AslRetry } from "./Asl.ts"

export interface ReconcileLoopOptions {
  readonly comment: string
  /** The Reconcile task's resource (a Lambda ARN, or an IaC token that resolves to one). */
  readonly reconcileResource: string
  /**
   * The task that sends the outcome notification (succeeded / failed). Absent when the Reconcile task
   * notifies each outcome itself (maintenance runs do): the loop then ends straight in Succeeded / Failed.
   */
  readonly notifyResource?: string
  /** Bounds: passes, and seconds since the first pass. */
  readonly maxIterations: number
  readonly maxSeconds: number
  /** The Failed state's Cause (default: see the failure notification and the provisioning events). */
  readonly failureCause?: string
}

/** Lambda's transient errors, retried by the state machine (never the handler's own failures). */
const lambdaRetry: AslRetry = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException"
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2
}

/** The state names of the loop (tests and local runners refer to them). */
export const loopStates = {
  reconcile: "Reconcile",
  decide: "Decide",
  wait: "Wait",
  outOfBounds: "OutOfBounds",
  notifySucceeded: "NotifySucceeded",
  notifyFailed: "NotifyFailed",
  succeeded: "Succeeded",
  failed: "Failed"
} as const

/**
 * A generic reconcile loop: `Reconcile` (one pass: observe, plan, start what is ready, record) →
 * `Decide` (done / failed / out of bounds / waiting) → `Wait` the seconds the pass asked for → back.
 * Long waits are Wait states (no Lambda sleeps); passes and total time are bounded. The Reconcile task
 * reads and returns the loop state (`LoopState`) merged with the caller's fields; a thrown error
 * (after Lambda's transient retries) ends in the failure notification with the error as cause.
 */
export const reconcileLoopDefinition = (o: ReconcileLoopOptions): AslDefinition => {
  const s = loopStates
  const notified = o.notifyResource !== undefined
  const onSuccess = notified ? s.notifySucceeded : s.succeeded
  const onFailure = notified ? s.notifyFailed : s.failed
  return {
    Comment: o.comment,
    StartAt: s.reconcile,
    // The loop's own bound comes first; this one catches a stuck task.
    TimeoutSeconds: o.maxSeconds + 3600,
    States: {
      [s.reconcile]: {
        Type: "Task",
        Comment: "One pass: observe, plan, start what is ready, record events",
        Resource: o.reconcileResource,
        TimeoutSeconds: 900,
        Retry: [lambdaRetry],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: onFailure }],
        Next: s.decide
      },
      [s.decide]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.status", StringEquals: "done", Next: onSuccess },
          { Variable: "$.status", StringEquals: "failed", Next: onFailure },
          { Variable: "$.iteration", NumericGreaterThanEquals: o.maxIterations, Next: s.outOfBounds },
          { Variable: "$.elapsedSeconds", NumericGreaterThanEquals: o.maxSeconds, Next: s.outOfBounds }
        ],
        Default: s.wait
      },
      [s.wait]: {
        Type: "Wait",
        Comment: "As long as the last pass asked",
        SecondsPath: "$.waitSeconds",
        Next: s.reconcile
      },
      [s.outOfBounds]: {
        Type: "Pass",
        Comment: "Still waiting when the bounds ran out",
        Result: `still waiting after ${o.maxIterations} passes or ${o.maxSeconds} s`,
        ResultPath: "$.cause",
        Next: onFailure
      },
      ...(o.notifyResource === undefined
        ? {}
        : {
            [s.notifySucceeded]: { Type: "Task", Resource: o.notifyResource, Retry: [lambdaRetry], Next: s.succeeded },
            [s.notifyFailed]: { Type: "Task", Resource: o.notifyResource, Retry: [lambdaRetry], Next: s.failed }
          }),
      [s.succeeded]: { Type: "Succeed" },
      [s.failed]: {
        Type: "Fail",
        Error: "ReconcileFailed",
        Cause: o.failureCause ?? "see the failure notification and the provisioning events"
      }
    }
  }
}
