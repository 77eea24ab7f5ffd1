import { Input } from "@personalize-ops/core"
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda"
import { Result, Schema } from "effect"
import { type HttpRequest, type HttpResponse, queryOf } from "./router.ts"

// Only the parts of the payload (format 2.0, shared by function URLs and HTTP APIs) the router reads.
const Payload = Schema.Struct({
  rawPath: Schema.String,
  rawQueryString: Schema.optionalKey(Schema.String),
  headers: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
  body: Schema.optionalKey(Schema.String),
  isBase64Encoded: Schema.optionalKey(Schema.Boolean),
  requestContext: Schema.Struct({
    http: Schema.Struct({ method: Schema.String }),
    authorizer: Schema.optionalKey(
      Schema.Struct({
        iam: Schema.optionalKey(Schema.Struct({ userArn: Schema.optionalKey(Schema.String) })),
        jwt: Schema.optionalKey(
          Schema.Struct({ claims: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)) })
        )
      })
    )
  })
})
const decodePayload = Input.decodeWithIssues(Payload)

/**
 * Maps a Lambda function URL / API Gateway HTTP API (payload 2.0) event to a router request. The
 * caller's identity comes from the IAM auth of the function URL or the JWT authorizer. `basePath`
 * (e.g. `/prod`) is stripped from the path.
 */
export const fromApiGatewayV2 = (event: APIGatewayProxyEventV2 | unknown, basePath = ""): HttpRequest | string => {
  const decoded = decodePayload(event)
  if (Result.isFailure(decoded))
    return `not an HTTP payload 2.0 event: ${Input.showInputIssues(decoded.failure.issues)}`
  const e = decoded.success
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.headers ?? {})) headers[k.toLowerCase()] = v
  const query = queryOf(new URLSearchParams(e.rawQueryString ?? ""))
  const body =
    e.body === undefined ? "" : e.isBase64Encoded === true ? Buffer.from(e.body, "base64").toString("utf8") : e.body
  const path = basePath !== "" && e.rawPath.startsWith(basePath) ? e.rawPath.slice(basePath.length) || "/" : e.rawPath
  const sub = e.requestContext.authorizer?.jwt?.claims?.["sub"]
  const actor = e.requestContext.authorizer?.iam?.userArn ?? (typeof sub === "string" ? sub : undefined)
  return { method: e.requestContext.http.method, path, query, headers, body, ...(actor === undefined ? {} : { actor }) }
}

/** The router's response as a payload 2.0 result. */
export const toApiGatewayV2 = (response: HttpResponse): APIGatewayProxyResultV2 => ({
  statusCode: response.status,
  headers: { ...response.headers },
  body: response.body
})
