/**
 * The maintenance state machine, generated from code: one run of a scheduled task as a reconcile loop —
 * `Step` (the maintenance step handler: observe → decide → act → record) → `Done?` (Choice) → `Wait`
 * (the seconds the step asks for) → `Step`. Hours of training are Wait states, never a Lambda sleeping;
 * the loop is bounded by iterations and by the execution's timeout.
 */

export interface MaintenanceDefinitionOptions {
  /** The step handler's Lambda ARN. */
  readonly stepFunctionArn: string
  /** At most this many steps (default 400: with 5-minute polls, well over a day of training). */
  readonly maxIterations?: number
  /** The whole run's bound (default 2 days). */
  readonly timeoutSeconds?: number
}

/** The Lambda errors worth retrying (the service's transient failures), as Step Functions names them. */
export const lambdaTransientErrors = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException"
] as const

/** State names (tests override the Task and the Wait by name). */
export const maintenanceStates = {
  step: "Step",
  done: "Done?",
  wait: "Wait",
  finished: "Finished",
  bound: "TooManySteps"
} as const

/** The ASL of the maintenance state machine. */
export const maintenanceDefinition = (options: MaintenanceDefinitionOptions) => {
  const maxIterations = options.maxIterations ?? 400
  const s = maintenanceStates
  return {
    Comment:
      "personalize-ops maintenance: one scheduled run (import, FULL/UPDATE retraining, batch job) as a reconcile loop",
    StartAt: s.step,
    TimeoutSeconds: options.timeoutSeconds ?? 2 * 86_400,
    States: {
      [s.step]: {
        Type: "Task",
        Resource: options.stepFunctionArn,
        // The first input is the schedule's MaintenanceInput; later ones are the previous step's state.
        Parameters: { "state.$": "$", "startTime.$": "$$.Execution.StartTime" },
        Retry: [{ ErrorEquals: [...lambdaTransientErrors], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 }],
        Next: s.done
      },
      [s.done]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.phase", StringEquals: "done", Next: s.finished },
          { Variable: "$.iterations", NumericGreaterThanEquals: maxIterations, Next: s.bound }
        ],
        Default: s.wait
      },
      [s.wait]: { Type: "Wait", SecondsPath: "$.waitSeconds", Next: s.step },
      [s.finished]: { Type: "Succeed" },
      [s.bound]: {
        Type: "Fail",
        Error: "MaintenanceStepBound",
        Cause: `the run took more than ${maxIterations} steps`
      }
    }
  }
}
