import { demoRules } from "@personalize-ops/adapters-memory"
import { recordingIo, runCli } from "@personalize-ops/cli"
import { describe, expect, it } from "vitest"
import { startJobsServer } from "../src/jobs/server.ts"

describe("personalize-ops jobs serve", () => {
  it("serves the dashboard and the JSON API from node:http on 127.0.0.1, filled with demo jobs", async () => {
    const server = await startJobsServer({ rules: demoRules, demo: { jobs: 30, seed: 1, now: Date.UTC(2026, 10, 23) } })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const stats = (await (await fetch(`${server.url}/api/stats`)).json()) as { total: number; byTaskType: object }
      expect(stats.total).toBe(30)
      expect(Object.keys(stats.byTaskType).length).toBeGreaterThan(1)
      const html = await fetch(`${server.url}/?limit=20`)
      expect(html.headers.get("content-type")).toContain("text/html")
      expect((await html.text()).match(/data-job-id=/g)).toHaveLength(20)
      const post = await fetch(`${server.url}/jobs/x/actions/retry`, { method: "POST", body: "confirm=yes&reason=r" })
      expect(post.status).toBe(403)
    } finally {
      await server.close()
    }
  })

  it("rejects bad flags with exit 2", async () => {
    const io = recordingIo()
    expect(await runCli(["jobs", "serve", "--port", "http"], io.io)).toBe(2)
    expect(io.stderr()).toContain("--port")
    expect(await runCli(["jobs", "serve", "--color"], recordingIo().io)).toBe(2)
  })
})
