import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn"
import { Workflow } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsClientOptions, clientConfig } from "../monitoring/clientOptions.ts"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"

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

/** The Executions port for the state machine `stateMachineArn` (the client in its region). */
export const layerSfnExecutions = (
  stateMachineArn: string,
  options: AwsClientOptions = {}
): Layer.Layer<Workflow.Executions> =>
  Layer.sync(Workflow.Executions, () =>
    makeSfnExecutions(
      new SFNClient(clientConfig(stateMachineArn.split(":")[3] ?? "us-east-1", options)),
      stateMachineArn
    )
  )
