import { Effect, Schema } from "effect"

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

/**
 * Runs one custom resource request and always answers CloudFormation: SUCCESS with `Data`, or FAILED
 * with the error as Reason. `physicalId` must be stable for the same resource (a new one means
 * replacement, and CloudFormation then deletes the old one).
 */
export const answerCustomResource = <E extends { readonly _tag: string; readonly message: string }, R>(
  request: CustomResourceRequest,
  physicalId: string,
  work: Effect.Effect<{ readonly [k: string]: string }, E, R>
) =>
  Effect.gen(function* () {
    const outcome = yield* Effect.result(work)
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
