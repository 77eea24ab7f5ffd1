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
 * A groups claim as API Gateway passes it: a JWT array claim reaches the Lambda as one string,
 * `"[operators admins]"` (HTTP API JWT authorizers flatten claims to strings); a list or a plain
 * comma/space-separated string is read too.
 */
export const claimGroups = (claim: unknown): ReadonlyArray<string> => {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string")
  if (typeof claim !== "string") return []
  const inner = claim.startsWith("[") && claim.endsWith("]") ? claim.slice(1, -1) : claim
  return inner.split(/[\s,]+/).filter((g) => g !== "")
}

/** The claim Cognito user pools put a user's groups in. */
export const cognitoGroupsClaim = "cognito:groups"

/**
 * Maps a Lambda function URL / API Gateway HTTP API (payload 2.0) event to a router request. The
 * caller's identity comes from the IAM auth of the function URL or the JWT authorizer. `basePath`
 * (e.g. `/prod`) is stripped from the path; the caller's groups come from the JWT claim `groupsClaim`.
 */
export const fromApiGatewayV2 = (
  event: APIGatewayProxyEventV2 | unknown,
  basePath = "",
  groupsClaim = cognitoGroupsClaim
): HttpRequest | string => {
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
  const claims = e.requestContext.authorizer?.jwt?.claims
  const sub = claims?.["sub"]
  const actor = e.requestContext.authorizer?.iam?.userArn ?? (typeof sub === "string" ? sub : undefined)
  return {
    method: e.requestContext.http.method,
    path,
    query,
    headers,
    body,
    ...(actor === undefined ? {} : { actor }),
    ...(claims === undefined ? {} : { groups: claimGroups(claims[groupsClaim]) })
  }
}

/** The router's response as a payload 2.0 result. */
export const toApiGatewayV2 = (response: HttpResponse): APIGatewayProxyResultV2 => ({
  statusCode: response.status,
  headers: { ...response.headers },
  body: response.body
})
