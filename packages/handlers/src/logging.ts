/**
 * Lambda logs as JSON, one object per line on stdout, so CloudWatch Logs Insights finds every field
 * without a parse step (`fields level, message, requestId, correlationId | filter level = "ERROR"`):
 * `{"timestamp","level","message","requestId","correlationId",…fields,"error"?}`. The fields are the
 * log annotations (`Effect.annotateLogs`) and the objects logged after the message
 * (`Effect.logWarning("rejected event", { reason })`); `error` is the pretty cause of a failure.
 * Every handler runtime (`makeHandlerRuntime`, runtime.ts) uses this logger, and `runInvocation` gives
 * each invocation its request id (the Lambda context's) and correlation id (from the event).
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as References from "effect/References"

/** Where the log lines go (stdout in Lambda; a test collects them). */
export type WriteLine = (line: string) => void

const stdout: WriteLine = (line) => void process.stdout.write(`${line}\n`)

/** A value as JSON can carry it (an Error as its name and message). */
const plain = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message } : value

/** The JSON logger: one line per log, the annotations and logged objects as top-level fields. */
export const makeLambdaLogger = (write: WriteLine = stdout): Logger.Logger<unknown, void> =>
  Logger.make(({ message, logLevel, cause, date, fiber }) => {
    const [first, ...rest] = Array.isArray(message) ? message : [message]
    const fields: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(fiber.getRef(References.CurrentLogAnnotations)))
      fields[key] = plain(value)
    const details: Array<unknown> = []
    for (const part of rest)
      if (typeof part === "object" && part !== null && !Array.isArray(part) && !(part instanceof Error))
        Object.assign(fields, part)
      else details.push(plain(part))
    const { requestId, correlationId, ...others } = fields
    write(
      JSON.stringify({
        timestamp: date.toISOString(),
        level: logLevel.toUpperCase(),
        message: typeof first === "string" ? first : JSON.stringify(plain(first)),
        ...(requestId === undefined ? {} : { requestId }),
        ...(correlationId === undefined ? {} : { correlationId }),
        ...others,
        ...(details.length === 0 ? {} : { details }),
        ...(cause.reasons.length === 0 ? {} : { error: Cause.pretty(cause) })
      })
    )
  })

/** The handlers' logger layer: replaces effect's default logger with the JSON one. */
export const layerLambdaLogger = (write?: WriteLine): Layer.Layer<never> => Logger.layer([makeLambdaLogger(write)])

const stringAt = (value: unknown, ...path: ReadonlyArray<string>): string | undefined => {
  let at = value
  for (const key of path) at = typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined
  return typeof at === "string" && at !== "" ? at : undefined
}

/**
 * The id that ties an invocation to what caused it, from the event: an HTTP request's
 * `x-correlation-id` header or API Gateway request id, an EventBridge event's id, the first Kinesis
 * record's event id or SQS message id, a Step Functions task's execution name. Undefined otherwise.
 */
export const correlationIdOf = (event: unknown): string | undefined => {
  const records = typeof event === "object" && event !== null ? (event as { Records?: unknown }).Records : undefined
  const first = Array.isArray(records) ? records[0] : undefined
  return (
    stringAt(event, "headers", "x-correlation-id") ??
    stringAt(event, "requestContext", "requestId") ??
    (stringAt(event, "detail-type") === undefined ? undefined : stringAt(event, "id")) ??
    stringAt(first, "eventID") ??
    stringAt(first, "messageId") ??
    stringAt(event, "executionName") ??
    // The provisioning state machine's state carries its own (the execution's name).
    stringAt(event, "correlationId")
  )
}

/** An invocation's effect with its request id and correlation id on every log line it writes. */
export const invocationLogs =
  (event: unknown, context: { readonly awsRequestId?: string } | undefined) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const requestId = context?.awsRequestId
    const correlationId = correlationIdOf(event) ?? requestId
    return Effect.annotateLogs(self, {
      ...(requestId === undefined ? {} : { requestId }),
      ...(correlationId === undefined ? {} : { correlationId })
    })
  }
