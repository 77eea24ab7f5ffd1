import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, Schema } from "effect"
import type { LambdaContextLike } from "../runtime.ts"

/** A CloudFormation custom resource request (aws-facts §6.4). */
export const CustomResourceRequest = Schema.Struct({
  RequestType: Schema.Literals(["Create", "Update", "Delete"]),
  ResponseURL: Schema.String.check(Schema.isPattern(/^https?:\/\//, { expected: "an http(s) URL" })),
  StackId: Schema.String,
  RequestId: Schema.String,
  LogicalResourceId: Schema.String,
  ResourceType: Schema.optionalKey(Schema.String),
  PhysicalResourceId: Schema.optionalKey(Schema.String),
  ResourceProperties: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  OldResourceProperties: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
})
export type CustomResourceRequest = typeof CustomResourceRequest.Type

/** The response CloudFormation expects at the ResponseURL. */
export interface CustomResourceResponse {
  readonly Status: "SUCCESS" | "FAILED"
  readonly Reason?: string
  readonly PhysicalResourceId: string
  readonly StackId: string
  readonly RequestId: string
  readonly LogicalResourceId: string
  readonly Data?: { readonly [k: string]: string }
}

/** CloudFormation rejects response bodies over 4,096 bytes; PhysicalResourceId is at most 1 KB. */
export const CustomResourceLimits = { body: 4096, physicalResourceId: 1024 } as const

const bytes = (s: string) => new TextEncoder().encode(s).length

/**
 * Serialises a response within 4,096 bytes: `Data` is dropped first, then `Reason` is shortened, so
 * the Status and ids always arrive.
 */
export const encodeCustomResourceResponse = (response: CustomResourceResponse): string => {
  const physical = response.PhysicalResourceId.slice(0, CustomResourceLimits.physicalResourceId)
  let body = JSON.stringify({ ...response, PhysicalResourceId: physical })
  if (bytes(body) <= CustomResourceLimits.body) return body
  const { Data: _dropped, ...rest } = response
  body = JSON.stringify({ ...rest, PhysicalResourceId: physical })
  let reason = response.Reason ?? ""
  while (bytes(body) > CustomResourceLimits.body && reason.length > 0) {
    reason = reason.slice(0, Math.max(0, reason.length - Math.max(16, bytes(body) - CustomResourceLimits.body)))
    body = JSON.stringify({ ...rest, PhysicalResourceId: physical, Reason: `${reason}…` })
  }
  return body
}

/** The PUT to the ResponseURL failed: CloudFormation will wait for the timeout. */
export class CustomResourceResponseFailed extends Schema.TaggedError<CustomResourceResponseFailed>()(
  "CustomResourceResponseFailed",
  { status: Schema.Number, detail: Schema.String }
) {
  override get message() {
    return `custom resource response PUT failed (${this.status}): ${this.detail}`
  }
}

/** PUTs the response to the presigned S3 URL (empty content type, as the presigned URL expects). */
export const sendCustomResourceResponse = (url: string, response: CustomResourceResponse) =>
  Effect.tryPromise({
    try: async (signal) => {
      const body = encodeCustomResourceResponse(response)
      const res = await fetch(url, {
        method: "PUT",
        body,
        headers: { "content-type": "", "content-length": String(bytes(body)) },
        signal
      })
      return { status: res.status, text: await res.text() }
    },
    catch: (cause) => new CustomResourceResponseFailed({ status: 0, detail: String(cause) })
  }).pipe(
    Effect.flatMap((r) =>
      r.status >= 200 && r.status < 300
        ? Effect.void
        : Effect.fail(new CustomResourceResponseFailed({ status: r.status, detail: r.text.slice(0, 500) }))
    )
  )

/** How long before Lambda's own timeout the guard answers FAILED (time left for the PUT to the ResponseURL). */
export const customResourceAnswerMarginMs = 5_000

/** The work did not finish before the guard's deadline (the function's timeout less the answer margin). */
export class CustomResourceTimedOut extends Schema.TaggedError<CustomResourceTimedOut>()("CustomResourceTimedOut", {
  budgetMs: Schema.Number
}) {
  override get message() {
    return `not finished within ${this.budgetMs} ms, before the function's timeout`
  }
}

const field = (event: object, name: string): string | undefined => {
  const value = (event as Record<string, unknown>)[name]
  return typeof value === "string" ? value : undefined
}

/**
 * Decodes a custom resource request. A malformed one that still says where to answer (an http(s)
 * `ResponseURL`) is answered FAILED with the first issue, so CloudFormation does not wait for its
 * timeout; the invocation then fails with the typed issue.
 */
export const decodeCustomResourceRequest = (event: unknown) =>
  Monitoring.decodeInput(CustomResourceRequest, event).pipe(
    Effect.tapError((invalid) => {
      if (typeof event !== "object" || event === null) return Effect.void
      const url = field(event, "ResponseURL")
      if (url === undefined || !/^https?:\/\//.test(url)) return Effect.void
      const logical = field(event, "LogicalResourceId") ?? ""
      return sendCustomResourceResponse(url, {
        Status: "FAILED",
        Reason: `${invalid._tag}: ${invalid.message}`,
        PhysicalResourceId: field(event, "PhysicalResourceId") ?? (logical === "" ? "malformed-request" : logical),
        StackId: field(event, "StackId") ?? "",
        RequestId: field(event, "RequestId") ?? "",
        LogicalResourceId: logical
      }).pipe(Effect.ignore)
    })
  )

/**
 * Runs one custom resource request and always answers CloudFormation: SUCCESS with `Data`, or FAILED
 * with the error as Reason. `physicalId` must be stable for the same resource (a new one means
 * replacement, and CloudFormation then deletes the old one). With Lambda's context, a guard answers
 * FAILED (`CustomResourceTimedOut`) `customResourceAnswerMarginMs` before the function would time out.
 */
export const answerCustomResource = <E extends { readonly _tag: string; readonly message: string }, R>(
  request: CustomResourceRequest,
  physicalId: string,
  work: Effect.Effect<{ readonly [k: string]: string }, E, R>,
  context: LambdaContextLike = {}
) =>
  Effect.gen(function* () {
    const remaining = context.getRemainingTimeInMillis?.()
    const budgetMs = remaining === undefined ? undefined : Math.max(0, remaining - customResourceAnswerMarginMs)
    const guarded =
      budgetMs === undefined
        ? work
        : Effect.timeoutOrElse(work, {
            duration: budgetMs,
            orElse: () => Effect.fail(new CustomResourceTimedOut({ budgetMs }))
          })
    const outcome = yield* Effect.result(guarded)
    const base = {
      PhysicalResourceId: physicalId,
      StackId: request.StackId,
      RequestId: request.RequestId,
      LogicalResourceId: request.LogicalResourceId
    }
    yield* sendCustomResourceResponse(
      request.ResponseURL,
      outcome._tag === "Success"
        ? { ...base, Status: "SUCCESS", Data: outcome.success }
        : { ...base, Status: "FAILED", Reason: `${outcome.failure._tag}: ${outcome.failure.message}` }
    )
    return { status: outcome._tag === "Success" ? ("SUCCESS" as const) : ("FAILED" as const), physicalId }
  })
