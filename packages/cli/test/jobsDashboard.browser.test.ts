// The dashboard in headless Debian Chromium (playwright-core drives it; tools/install-chromium.sh installs it).
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Jobs } from "@personalize-ops/core"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type JobsServer, startJobsServer } from "../src/jobs/server.ts"

const chromiumPath = "/usr/bin/chromium"
const haveChromium = existsSync(chromiumPath)
if (!haveChromium)
  console.warn(`dashboard browser test skipped: ${chromiumPath} not found (run tools/install-chromium.sh)`)

const xssName = "<img src=x onerror=alert(1)>"
const now = Date.now()

let server: JobsServer
let context: BrowserContext
let page: Page
let userDataDir: string
const dialogs: Array<string> = []

describe.skipIf(!haveChromium)("jobs dashboard in headless Chromium", () => {
  beforeAll(async () => {
    server = await startJobsServer({
      rules: { taskTypes: [{ taskType: "Ingest", jobQueue: "ingest" }] },
      demo: { jobs: 60, seed: 5, now }
    })
    await server.ingest({
      version: "0",
      id: "xss-event",
      "detail-type": "Batch Job State Change",
      source: "aws.batch",
      account: "123456789012",
      time: new Date(now - 60_000).toISOString(),
      region: "eu-west-1",
      detail: {
        jobName: xssName,
        jobId: "xss-job",
        jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/media-ingest",
        status: "FAILED",
        statusReason: "<b onmouseover=alert(2)>boom</b>",
        createdAt: now - 30_000,
        stoppedAt: now - 60_000,
        jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/ingest-worker:1"
      }
    })
    userDataDir = mkdtempSync(join(tmpdir(), "jobs-chromium-"))
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      // a busy machine may start chromium and load pages slowly: no limit it could hit
      timeout: 300_000,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run"
      ]
    })
    context.setDefaultTimeout(300_000)
    context.setDefaultNavigationTimeout(300_000)
    page = context.pages()[0] ?? (await context.newPage())
    page.on("dialog", (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })

  afterAll(async () => {
    await context?.close()
    await server?.close()
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true })
  })

  const rowIds = () =>
    page.locator("#jobs tbody tr[data-job-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-job-id")))

  it("pages through the jobs newest first", async () => {
    await page.goto(`${server.url}/`)
    const first = await rowIds()
    expect(first).toHaveLength(20)
    expect(await page.locator('[data-stat="total"] b').textContent()).toBe("61")
    await page.click("#next")
    await page.waitForURL(/cursor=/)
    const second = await rowIds()
    expect(second).toHaveLength(20)
    expect(second.filter((id) => first.includes(id))).toEqual([])
    await page.click("#prev")
    await page.waitForURL((url) => !url.search.includes("cursor="))
    expect(await rowIds()).toEqual(first)
  })

  it("filters by status and task type", async () => {
    await page.goto(`${server.url}/`)
    await page.selectOption("select[name=status]", "FAILED")
    await page.click("#apply")
    await page.waitForURL(/status=FAILED/)
    const statuses = await page
      .locator("#jobs tbody [data-status]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))
    expect(statuses.length).toBeGreaterThan(0)
    expect(new Set(statuses)).toEqual(new Set(["FAILED"]))
    expect(page.url()).toContain("status=FAILED")
    await page.selectOption("select[name=status]", "")
    await page.selectOption("select[name=taskType]", "Ingest")
    await page.click("#apply")
    await page.waitForURL(/taskType=Ingest/)
    const types = await page.locator("#jobs tbody tr td:nth-child(3)").allTextContents()
    expect(new Set(types)).toEqual(new Set(["Ingest"]))
  })

  it("shows a job named <img src=x onerror=alert(1)> as text and opens its page", async () => {
    await page.goto(`${server.url}/?status=FAILED`)
    const link = page.locator('tr[data-job-id="xss-job"] a.job-link')
    expect(await link.textContent()).toBe(xssName)
    expect(await page.locator("#jobs img").count()).toBe(0)
    await link.click()
    await page.waitForURL(/\/jobs\/xss-job$/)
    expect(await page.locator("#job-name").textContent()).toBe(xssName)
    expect(await page.locator("b[onmouseover]").count()).toBe(0)
    expect(await page.locator("#history tbody tr").count()).toBe(1)
    expect(await page.locator("#raw").textContent()).toContain('"jobId": "xss-job"')
    expect(await page.locator("#durations").textContent()).toContain("RUNNING")
    expect(dialogs).toEqual([])
  })

  it("retries a job only after confirmation, and records who and why", async () => {
    await page.goto(`${server.url}/jobs/xss-job`)
    await page.click("#retry")
    await page.waitForURL(/\/jobs\/xss-job\/confirm\?action=retry$/)
    expect(server.batch.submissions).toHaveLength(0)
    await page.fill("#reason", "node lost <again>")
    await page.click("#confirm")
    await page.waitForURL(/\/jobs\/xss-job\?done=retry/)
    expect(await page.locator("#notice").textContent()).toContain("new job xss-job-retry-1")
    expect(server.batch.submissions.map((s) => [s.retryOf, s.reason])).toEqual([["xss-job", "node lost <again>"]])
    const audit = await page.locator("#actions tbody tr").first().textContent()
    expect(audit).toContain("local-operator")
    expect(audit).toContain("node lost <again>")
    expect(dialogs).toEqual([])
  })

  it("the JSON API answers on the same server", async () => {
    const res = await page.request.get(`${server.url}/api/jobs?limit=5&status=RUNNABLE`)
    const body = (await res.json()) as { jobs: ReadonlyArray<Jobs.JobSummary> }
    expect(body.jobs.every((j) => j.status === "RUNNABLE")).toBe(true)
  })
})
