import { Workflow } from "@personalize-ops/core"
import { Effect } from "effect"

/** One execution the memory state machine service was asked to start. */
export interface StartedExecution {
  readonly name: string
  readonly executionArn: string
  readonly input: string
}

const startedAs = (started: ReadonlyArray<StartedExecution>, name: string) => started.some((e) => e.name === name)

/**
 * Executions kept in memory: a name starts once (Step Functions' rule for a STANDARD state machine:
 * the name of an execution cannot be reused), a repeat answers `started: false`. The inspector lists
 * what was started, for a runner (the local workflow run) or a test to execute.
 */
export const makeMemoryExecutions = (
  stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:personalize-ops-provisioning"
) => {
  const started: Array<StartedExecution> = []
  const executionArn = (name: string) => `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`
  const service = Workflow.Executions.of({
    start: (name, input) =>
      Effect.sync(() => {
        const arn = executionArn(name)
        if (startedAs(started, name)) return { executionArn: arn, started: false }
        started.push({ name, executionArn: arn, input })
        return { executionArn: arn, started: true }
      })
  })
  return { service, started: (): ReadonlyArray<StartedExecution> => [...started] }
}
