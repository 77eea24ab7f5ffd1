// A small stateful AWS Batch (restJson1) on 127.0.0.1 for the BatchActions contract: the jobs it holds,
// DescribeJobs of them, SubmitJob (a new job under a new id) and TerminateJob (ClientException when not held).
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { KnownJob, Submitted } from "@personalize-ops/core/testing"

type Json = Record<string, unknown>

/** Just enough Batch: jobs held by id, submissions and terminations recorded in order. */
export const startStatefulBatch = async (jobs: ReadonlyArray<KnownJob>) => {
  const held = new Map<string, Json>(jobs.map((j) => [j.jobId, { ...j }]))
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
          parameters: (body.parameters ?? {}) as Record<string, string>
        }
        submitted.push(job)
        held.set(jobId, { ...job, jobId, status: "SUBMITTED" })
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
