import { Clock, Effect } from "effect"

/** A call the memory adapters recorded, for assertions. */
export interface RecordedCall {
  readonly operation: string
  readonly at: number
  readonly arn?: string
  readonly detail?: unknown
}

/** Records `operation` at the Clock's time. */
export const recordCall = (calls: Array<RecordedCall>, operation: string, detail?: unknown, arn?: string) =>
  Effect.map(Clock.currentTimeMillis, (at) => {
    calls.push({
      operation,
      at,
      ...(arn === undefined ? {} : { arn }),
      ...(detail === undefined ? {} : { detail })
    })
  })
