import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn"
import { Workflow } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { SfnClients } from "../sdk/SfnClients.ts"

/** An execution's ARN from its state machine's ARN and its name. */
export const executionArnOf = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`

/**
 * The Executions port on Step Functions. StartExecution on a STANDARD state machine is idempotent for
 * the same name and input while the execution runs; a closed one (or other input) answers
 * ExecutionAlreadyExists, which is a duplicate start here, not a failure (aws-facts §7).
 */
export const makeSfnExecutions = (client: SFNClient, stateMachineArn: string): Workflow.Executions["Service"] =>
  Workflow.Executions.of({
    start: (name, input) =>
      awsCall("StartExecution", (abortSignal) =>
        client.send(new StartExecutionCommand({ stateMachineArn, name, input }), { abortSignal })
      ).pipe(
        retryThrottled(),
        Effect.map((out) => ({
          executionArn: out.executionArn ?? executionArnOf(stateMachineArn, name),
          started: true
        })),
        Effect.catch((e) =>
          e.name === "ExecutionAlreadyExists"
            ? Effect.succeed({ executionArn: executionArnOf(stateMachineArn, name), started: false })
            : Effect.fail(new Workflow.ExecutionsFailure({ operation: e.operation, detail: `${e.name}: ${e.detail}` }))
        )
      )
  })

/** The Executions port for the state machine `stateMachineArn` (the `SfnClients` client of its region). */
export const layerSfnExecutions = (stateMachineArn: string): Layer.Layer<Workflow.Executions, never, SfnClients> =>
  Layer.effect(
    Workflow.Executions,
    Effect.map(SfnClients, (clients) =>
      makeSfnExecutions(clients(stateMachineArn.split(":")[3] ?? "us-east-1"), stateMachineArn)
    )
  )
