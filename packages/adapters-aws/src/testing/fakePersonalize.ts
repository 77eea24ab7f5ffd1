// A local Personalize control plane on 127.0.0.1 speaking awsJson1_1 (`X-Amz-Target:
// AmazonPersonalize.<Operation>`), driven by the adapter's own kind table: every kind's Create /
// Describe / List / Update / Delete / Stop / Start with the response members the real API uses.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Personalize as P } from "@personalize-ops/core"
import { kindSpecs } from "../personalize/AwsPersonalize.ts"

type Item = Record<string, unknown>

export interface FakePersonalizeOptions {
  /**
   * `pending`: resources stay CREATE PENDING (batch jobs report "PENDING", and "IN PROGRESS" once
   * described), to check spellings; `active`: every change takes effect at once (created ACTIVE,
   * stopped INACTIVE / CREATE STOPPED, started ACTIVE, deleted gone), so a whole apply runs and the
   * Personalize contract passes.
   */
  readonly settle: "pending" | "active"
  readonly account?: string
}

const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType })
  })
  res.end(JSON.stringify(body))
}
const error = (res: ServerResponse, type: string, message: string) => reply(res, 400, { __type: type, message }, type)

// ListCampaigns takes a solution ARN, but a campaign records its solution version: its parent's parent.
const parentOf = (kind: P.ResourceKind, item: Item, key: string | undefined) =>
  kind === "Campaign" ? P.arnParent(String(item.solutionVersionArn)) : item[key as string]

/** Starts the fake; `endpoint` goes to `PersonalizeClient({ endpoint })` or `AWS_ENDPOINT_URL_PERSONALIZE`. */
export const startFakePersonalize = async (options: FakePersonalizeOptions) => {
  const scope: P.ArnScope = { partition: "aws", region: "us-east-1", account: options.account ?? "123456789012" }
  const items = new Map<string, { kind: P.ResourceKind; item: Item }>()
  const calls: Array<{ op: string; body: Item }> = []
  const kinds = new Set<string>(P.ResourceKinds)

  const arnOf = (kind: P.ResourceKind, body: Item): string => {
    if (kind === "SolutionVersion") {
      const solution = P.parseArn(String(body.solutionArn))?.name ?? ""
      return P.formatArn(scope, kind, P.solutionVersionId(solution, (calls.length + 4096).toString(16)))
    }
    if (kind === "Dataset") {
      const group = P.parseArn(String(body.datasetGroupArn))?.name ?? ""
      return P.formatArn(scope, kind, P.datasetId(group, String(body.datasetType)))
    }
    return P.formatArn(scope, kind, String(body[kindSpecs[kind].nameKey]))
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Item
    const op = String(req.headers["x-amz-target"] ?? "").replace("AmazonPersonalize.", "")
    calls.push({ op, body })
    const verb = /^(Create|Describe|List|Update|Delete|Stop|Start)(.*?)(Creation)?$/.exec(op)
    const action = verb?.[1]
    const rest = verb?.[2] ?? ""
    const api = action === "List" ? rest.replace(/s$/, "") : rest
    if (action === undefined || !kinds.has(api)) return error(res, "InvalidInputException", `unsupported ${op}`)
    const kind = api as P.ResourceKind
    const spec = kindSpecs[kind]
    const found = items.get(String(body[spec.arnKey]))
    const now = 1_700_000_000 + calls.length
    switch (action) {
      case "Create": {
        const arn = arnOf(kind, body)
        if (items.has(arn)) return error(res, "ResourceAlreadyExistsException", `${arn} exists`)
        const item: Item = { ...body, [spec.arnKey]: arn, creationDateTime: now, lastUpdatedDateTime: now }
        const job = P.kindTraits[kind].job && kind !== "DatasetImportJob"
        if (P.kindTraits[kind].hasStatus)
          item.status = options.settle === "active" ? "ACTIVE" : job ? "PENDING" : "CREATE PENDING"
        if (kind === "EventTracker") item.trackingId = "tracking-1"
        items.set(arn, { kind, item })
        return reply(res, 200, { [spec.arnKey]: arn })
      }
      case "Describe": {
        if (found === undefined)
          return error(res, "ResourceNotFoundException", "Could not find the specified resource.")
        const item = { ...found.item }
        if (item.status === "PENDING") item.status = "IN PROGRESS"
        return reply(res, 200, { [spec.describeKey]: item })
      }
      case "List": {
        const parent = spec.listParentKey === undefined ? undefined : body[spec.listParentKey]
        const all = [...items.values()]
          .filter(
            (e) => e.kind === kind && (parent === undefined || parentOf(e.kind, e.item, spec.listParentKey) === parent)
          )
          .map((e) => e.item)
        const from = body.nextToken === undefined ? 0 : Number(body.nextToken)
        const max = Number(body.maxResults ?? 100)
        return reply(res, 200, {
          [spec.listKey]: all.slice(from, from + max),
          ...(from + max < all.length ? { nextToken: String(from + max) } : {})
        })
      }
      case "Update": {
        if (found === undefined)
          return error(res, "ResourceNotFoundException", "Could not find the specified resource.")
        const { [spec.arnKey]: _arn, ...fields } = body
        if (spec.latestUpdateKey !== undefined)
          found.item[spec.latestUpdateKey] = {
            ...fields,
            status: options.settle === "active" ? "ACTIVE" : "CREATE_IN_PROGRESS",
            creationDateTime: now
          }
        if (options.settle === "active") Object.assign(found.item, fields)
        return reply(res, 200, { [spec.arnKey]: body[spec.arnKey] })
      }
      case "Delete": {
        if (found === undefined)
          return error(res, "ResourceNotFoundException", "Could not find the specified resource.")
        // "active" settles every request at once: a delete is simply done.
        if (options.settle === "active") items.delete(String(body[spec.arnKey]))
        else found.item.status = "DELETE PENDING"
        return reply(res, 200, {})
      }
      default: {
        if (found === undefined)
          return error(res, "ResourceNotFoundException", "Could not find the specified resource.")
        if (options.settle === "active") {
          // Only a version still training can be stopped; at once, every version has finished.
          if (kind === "SolutionVersion")
            return error(res, "ResourceInUseException", "the solution version is not in progress")
          found.item.status = action === "Start" ? "ACTIVE" : "INACTIVE"
          return reply(res, 200, { [spec.arnKey]: body[spec.arnKey] })
        }
        found.item.status =
          action === "Start" ? "START PENDING" : kind === "Recommender" ? "STOP PENDING" : "CREATE_STOPPING"
        return reply(res, 200, { [spec.arnKey]: body[spec.arnKey] })
      }
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    scope,
    calls,
    items,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
