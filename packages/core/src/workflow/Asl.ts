/** The parts of the Amazon States Language the generated state machines use (a definition is plain JSON). */
export type AslState =
  | {
      readonly Type: "Task"
      readonly Resource: string
      readonly Comment?: string
      readonly Parameters?: { readonly [k: string]: unknown }
      readonly ResultPath?: string | null
      readonly TimeoutSeconds?: number
      readonly Retry?: ReadonlyArray<AslRetry>
      readonly Catch?: ReadonlyArray<{
        readonly ErrorEquals: ReadonlyArray<string>
        readonly ResultPath?: string
        readonly Next: string
      }>
      readonly Next?: string
      readonly End?: true
    }
  | {
      readonly Type: "Choice"
      readonly Comment?: string
      readonly Choices: ReadonlyArray<{
        readonly Variable: string
        readonly Next: string
        readonly [op: string]: unknown
      }>
      readonly Default: string
    }
  | { readonly Type: "Wait"; readonly Comment?: string; readonly SecondsPath: string; readonly Next: string }
  | {
      readonly Type: "Pass"
      readonly Comment?: string
      readonly Result?: unknown
      readonly ResultPath?: string
      readonly Next: string
    }
  | { readonly Type: "Succeed"; readonly Comment?: string }
  | {
      readonly Type: "Fail"
      readonly Comment?: string
      readonly Error: string
      readonly CausePath?: string
      readonly Cause?: string
    }

export interface AslRetry {
  readonly ErrorEquals: ReadonlyArray<string>
  readonly IntervalSeconds: number
  readonly MaxAttempts: number
  readonly BackoffRate: number
}

export interface AslDefinition {
  readonly Comment: string
  readonly StartAt: string
  readonly TimeoutSeconds?: number
  readonly States: { readonly [name: string]: AslState }
}
