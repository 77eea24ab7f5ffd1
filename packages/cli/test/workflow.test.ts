import { createRequire } from "node:module"
import { describe, expect, it } from "vitest"
import { recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

// asl-validator is CommonJS without types: its one function, typed as far as this test uses it.
const validator = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => {
  readonly isValid: boolean
  readonly errorsText: () => string
}

describe("personalize-ops workflow definition", () => {
  it("prints the reconcile loop's ASL, valid, with the given ARNs and bounds (exit 0)", async () => {
    const { io, stdout } = recordingIo()
    const arn = "arn:aws:lambda:eu-west-1:123456789012:function:reconcile"
    const code = await runCli(
      ["workflow", "definition", "--reconcile-arn", arn, "--notify-arn", `${arn}-notify`, "--max-iterations", "40"],
      io
    )
    expect(code).toBe(0)
    const definition = JSON.parse(stdout())
    expect(validator(definition).errorsText()).toBe("")
    expect(validator(definition).isValid).toBe(true)
    expect(definition.States.Reconcile.Resource).toBe(arn)
    expect(definition.States.Decide.Choices).toContainEqual({
      Variable: "$.iteration",
      NumericGreaterThanEquals: 40,
      Next: "OutOfBounds"
    })
  })

  it("defaults to DefinitionSubstitutions placeholders for the task ARNs", async () => {
    const { io, stdout } = recordingIo()
    expect(await runCli(["workflow", "definition"], io)).toBe(0)
    const definition = JSON.parse(stdout())
    expect(definition.States.Reconcile.Resource).toBe(`\${ReconcileFunctionArn}`)
    expect(definition.States.NotifyFailed.Resource).toBe(`\${NotifyFunctionArn}`)
  })
})
