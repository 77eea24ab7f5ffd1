// A small stateful AWS Batch (restJson1) on 127.0.0.1 for the BatchActions contract: the jobs it holds,
// DescribeJobs of them (their shape as JobDetail fields), SubmitJob (the shape read back from its overrides) (a new job under a new id) and TerminateJob (ClientException when not held).
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { Jobs } from "@personalize-ops/core"
import type { KnownJob, Submitted } from "@personalize-ops/core/testing"

type Json = Record<string, unknown>

/** A held job as DescribeJobs returns it: its shape in JobDetail's fields. */
const describe = ({ shape, ...job }: KnownJob): Json => {
  const container = { command: ["run"] }
  switch (shape?.kind) {
    case undefined:
    case "container":
      return { ...job, container }
    case "array":
      return { ...job, container, arrayProperties: { size: shape.size, statusSummary: shape.statusSummary } }
    case "array-child":
      return { ...job, container, arrayProperties: { index: shape.index } }
    case "multi-node":
      return {
        ...job,
        nodeProperties: {
          numNodes: shape.numNodes,
          mainNode: shape.mainNode,
          nodeRangeProperties: shape.nodeRanges.map((targetNodes) => ({ targetNodes, container }))
        }
      }
    case "node":
      return { ...job, container, nodeDetails: { nodeIndex: shape.nodeIndex, isMainNode: shape.isMainNode } }
    case "ecs":
      return {
        ...job,
        ecsProperties: { taskProperties: [{ containers: shape.containers.map((c) => ({ ...c, ...container })) }] }
      }
    case "eks":
      return {
        ...job,
        eksProperties: { podProperties: { containers: shape.containers.map((c) => ({ ...c, ...container })) } }
      }
  }
}

/** The shape a SubmitJob request asks for (its overrides), as the contract compares it. */
const submittedShape = (body: Json): Jobs.SubmitShape => {
  const array = body.arrayProperties as { size?: number } | undefined
  if (array?.size !== undefined) return { kind: "array", size: array.size }
  const nodes = body.nodeOverrides as
    | { numNodes: number; nodePropertyOverrides?: Array<{ targetNodes: string }> }
    | undefined
  if (nodes !== undefined)
    return {
      kind: "multi-node",
      numNodes: nodes.numNodes,
      nodeRanges: (nodes.nodePropertyOverrides ?? []).map((n) => n.targetNodes)
    }
  const names = (cs: Array<{ name?: string }> | undefined) => (cs ?? []).map((c) => c.name ?? "")
  const ecs = body.ecsPropertiesOverride as { taskProperties?: Array<{ containers?: Array<{ name?: string }> }> }
  if (ecs !== undefined) return { kind: "ecs", containers: names(ecs.taskProperties?.[0]?.containers) }
  const eks = body.eksPropertiesOverride as { podProperties?: { containers?: Array<{ name?: string }> } }
  if (eks !== undefined) return { kind: "eks", containers: names(eks.podProperties?.containers) }
  return { kind: "container" }
}

/** Just enough Batch: jobs held by id, submissions and terminations recorded in order. */
export const startStatefulBatch = async (jobs: ReadonlyArray<KnownJob>) => {
  const held = new Map<string, Json>(jobs.map((j) => [j.jobId, describe(j)]))
  const submitted: Array<Submitted> = []
  const terminated: Array<{ jobId: string; reason: string }> = []
  const reply = (path: string, body: Json): { status: number; body: Json } => {
    switch (path) {
      case "/v1/describejobs":
        return { status: 200, body: { jobs: (body.jobs as Array<string>).flatMap((id) => held.get(id) ?? []) } }
      case "/v1/submitjob": {
        const jobId = `submitted-${submitted.length + 1}`
        const job = {
          jobName: String(body.jobName),
          jobQueue: String(body.jobQueue),
          jobDefinition: String(body.jobDefinition),
          parameters: (body.parameters ?? {}) as Record<string, string>,
          shape: submittedShape(body)
        }
        submitted.push(job)
        const { shape: _, ...rest } = job
        held.set(jobId, { ...rest, jobId, status: "SUBMITTED" })
        return { status: 200, body: { jobId, jobName: job.jobName, jobArn: `arn:aws:batch:::job/${jobId}` } }
      }
      case "/v1/terminatejob": {
        const jobId = String(body.jobId)
        if (!held.has(jobId))
          return { status: 400, body: { __type: "ClientException", message: `Job ${jobId} not found` } }
        terminated.push({ jobId, reason: String(body.reason) })
        return { status: 200, body: {} }
      }
      default:
        return { status: 404, body: { __type: "UnknownOperationException", message: path } }
    }
  }
  const server = createServer((req, res) => {
    let text = ""
    req.on("data", (c) => (text += c))
    req.on("end", () => {
      const out = reply(req.url ?? "", text === "" ? {} : (JSON.parse(text) as Json))
      res.writeHead(out.status, {
        "content-type": "application/json",
        ...(out.status >= 400 ? { "x-amzn-errortype": String(out.body.__type) } : {})
      })
      res.end(JSON.stringify(out.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    submitted: (): ReadonlyArray<Submitted> => submitted,
    terminated: (): ReadonlyArray<{ jobId: string; reason: string }> => terminated,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
