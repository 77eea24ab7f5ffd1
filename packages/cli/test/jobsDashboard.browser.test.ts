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
const minute = 60_000
/** The page's globals, for functions run in the browser (this package's types have no DOM; they are serialized, so no helpers). */
interface BrowserGlobals {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number }
    querySelector(selector: string): { readonly textContent: string | null } | null
  }
}

/** A Batch Job State Change event (EventBridge envelope) for the tests' own jobs. */
const batchEvent = (id: string, detail: Record<string, unknown>) => ({
  version: "0",
  id,
  "detail-type": "Batch Job State Change",
  source: "aws.batch",
  account: "123456789012",
  time: new Date(now - minute).toISOString(),
  region: "eu-west-1",
  detail: {
    jobName: "render",
    jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/media-ingest",
    jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/render:1",
    createdAt: now - 20 * minute,
    ...detail
  }
})
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
      // the operator's screen: 1400 px wide, in Tokyo (times must show in the viewer's zone)
      viewport: { width: 1400, height: 900 },
      timezoneId: "Asia/Tokyo",
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
    await page.waitForURL(/page=2/)
    const second = await rowIds()
    expect(second).toHaveLength(20)
    expect(second.filter((id) => first.includes(id))).toEqual([])
    await page.click("#prev")
    await page.waitForURL((url) => !url.search.includes("page="))
    expect(await rowIds()).toEqual(first)
  })

  it("filters by status and task type", async () => {
    await page.goto(`${server.url}/`)
    await page.selectOption("select[name=status]", ["FAILED"])
    await page.click("#apply")
    await page.waitForURL(/status=FAILED/)
    const statuses = await page
      .locator("#jobs tbody [data-status]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))
    expect(statuses.length).toBeGreaterThan(0)
    expect(new Set(statuses)).toEqual(new Set(["FAILED"]))
    expect(page.url()).toContain("status=FAILED")
    await page.selectOption("select[name=status]", [])
    await page.selectOption("select[name=taskType]", ["Ingest"])
    await page.click("#apply")
    await page.waitForURL(/taskType=Ingest/)
    const types = await page.locator("#jobs tbody tr[data-job-id] > td:nth-child(4)").allTextContents()
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

  it("multi-select filters, the id search, and stats of exactly the listed jobs", async () => {
    await page.goto(`${server.url}/?limit=100`)
    await page.selectOption("select[name=status]", ["FAILED", "RUNNING"])
    await page.click("#apply")
    await page.waitForURL(/status=RUNNING&status=FAILED/)
    const statuses = await page
      .locator("#jobs tbody tr[data-job-id] > td:first-child [data-status]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))
    expect(new Set(statuses)).toEqual(new Set(["FAILED", "RUNNING"]))
    // the cards count the listed jobs, not all jobs: the list and the cards agree
    expect(await page.locator('[data-stat="total"] b').textContent()).toBe(String(statuses.length))
    expect(await page.locator('[data-stat="failed"] b').textContent()).toBe(
      String(statuses.filter((x) => x === "FAILED").length)
    )
    expect(await page.locator("select[name=status] option:checked").allTextContents()).toEqual(["RUNNING", "FAILED"])
    const someId = (await rowIds())[1]!
    await page.goto(`${server.url}/`)
    await page.fill("#search", someId.slice(2, 12).toUpperCase())
    await page.click("#apply")
    await page.waitForURL(/q=/)
    expect(await rowIds()).toContain(someId)
    for (const id of await rowIds()) expect(id!.toLowerCase()).toContain(someId.slice(2, 12).toLowerCase())
  })

  it("sorts by a column header, both ways, and shows a Job ID column", async () => {
    await page.goto(`${server.url}/?limit=100`)
    const names = () => page.locator("#jobs tbody tr[data-job-id] a.job-link").allTextContents()
    await page.click('a.sort[data-sort="jobName"]')
    await page.waitForURL(/sort=jobName/)
    const desc = await names()
    expect(desc).toEqual([...desc].sort().reverse())
    await page.click('a.sort[data-sort="jobName"]')
    await page.waitForURL(/dir=asc/)
    const asc = await names()
    expect(asc).toEqual([...asc].sort())
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain("Job name")
    const idCells = await page.locator("#jobs tbody tr[data-job-id] > td.id").allTextContents()
    expect(idCells).toEqual(await rowIds())
  })

  it("shows times in the viewer's zone, last update, and a running job's elapsed time ticking", async () => {
    const startedAt = now - 5 * minute
    await server.ingest(
      batchEvent("running-1", { jobId: "running-job", jobName: "still-going", status: "RUNNING", startedAt })
    )
    await page.goto(`${server.url}/?q=running-job`)
    expect(await page.locator("#tz").textContent()).toBe("Asia/Tokyo")
    const row = page.locator('tr[data-job-id="running-job"]')
    // Submitted and Updated, in Tokyo (UTC+9): the script rewrote the UTC text
    const tokyo = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace("T", " ")
    expect(await row.locator("td:nth-child(9) time").textContent()).toBe(tokyo(now - 20 * minute))
    expect(await row.locator("td:nth-child(10) time").textContent()).toBe(tokyo(startedAt))
    const elapsed = row.locator(".elapsed")
    const first = await elapsed.textContent()
    expect(first).toMatch(/min/)
    await page.waitForFunction(
      (before) => (globalThis as unknown as BrowserGlobals).document.querySelector(".elapsed")?.textContent !== before,
      first
    )
  })

  it("auto-refreshes at the chosen interval and has a refresh button; the table fits 1400 px", async () => {
    await page.goto(`${server.url}/?limit=100`)
    expect(
      await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth)
    ).toBeLessThanOrEqual(1400)
    await page.selectOption("#refresh-interval", "10")
    await page.waitForURL(/refresh=10/)
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute("content")).toBe("10")
    expect(await page.locator("#refresh").getAttribute("href")).toContain("refresh=10")
    // a job that arrives after the page loaded shows up without anyone reloading
    await server.ingest(batchEvent("late-1", { jobId: "arrived-later", jobName: "arrived-later", status: "SUBMITTED" }))
    await page.waitForSelector('tr[data-job-id="arrived-later"]')
    await page.selectOption("#refresh-interval", "0")
    await page.waitForURL(/refresh=0/)
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0)
  })

  it("an array job is one row with its children folded under it, listed on its page", async () => {
    const child = (index: number, status: string) =>
      batchEvent(`arr-${index}-${status}`, {
        jobId: `array-job:${index}`,
        status,
        arrayProperties: { index },
        ...(status === "FAILED" ? { statusReason: "Essential container in task exited" } : {})
      })
    await server.ingest(
      batchEvent("arr-parent", {
        jobId: "array-job",
        jobName: "render-array",
        status: "FAILED",
        arrayProperties: { size: 3, statusSummary: { SUCCEEDED: 2, FAILED: 1 } }
      })
    )
    for (const e of [child(0, "SUCCEEDED"), child(1, "FAILED"), child(2, "SUCCEEDED")]) await server.ingest(e)
    await page.goto(`${server.url}/?q=array-job`)
    expect(await rowIds()).toEqual(["array-job"])
    const summary = page.locator('tr[data-job-id="array-job"] details.members summary')
    expect(await summary.textContent()).toBe("2 SUCCEEDED · 1 FAILED")
    await summary.click()
    expect(
      await page
        .locator('tr[data-job-id="array-job"] tr[data-member-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-member-id")))
    ).toEqual(["array-job:0", "array-job:1", "array-job:2"])
    await page.click('tr[data-job-id="array-job"] a.job-link')
    await page.waitForURL(/\/jobs\/array-job$/)
    expect(await page.locator("#members tbody tr").count()).toBe(3)
    expect(await page.locator("#member-counts").textContent()).toBe("2 SUCCEEDED · 1 FAILED")
  })

  it("run time from start and stop when only the final event was seen; OOM shown as such, with a log link", async () => {
    await server.ingest(
      batchEvent("final-only", {
        jobId: "oom-job",
        jobName: "oom-job",
        status: "FAILED",
        statusReason: "Essential container in task exited",
        startedAt: now - 12 * minute,
        stoppedAt: now - 5 * minute,
        container: {
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
          logStreamName: "render/default/abc123"
        }
      })
    )
    await page.goto(`${server.url}/?q=oom-job`)
    const row = page.locator('tr[data-job-id="oom-job"]')
    expect(await row.locator("td:nth-child(11)").textContent()).toBe("7 min")
    expect(await row.locator('.failure[data-failure="out-of-memory"]').textContent()).toBe("out of memory")
    const log = await row.locator("a.log").getAttribute("href")
    expect(log).toContain("eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups")
    expect(log).toContain("abc123")
  })

  it("marks a job as broken after confirmation: persistent, audited, shown on the list", async () => {
    await page.goto(`${server.url}/jobs/oom-job`)
    await page.click("#mark-broken")
    await page.waitForURL(/confirm\?action=mark-broken$/)
    await page.fill("#reason", "input file is corrupt")
    await page.click("#confirm")
    await page.waitForURL(/\/jobs\/oom-job\?done=mark-broken/)
    expect(await page.locator("#broken").textContent()).toContain("input file is corrupt")
    const audit = await page.locator("#actions tbody tr").first().textContent()
    expect(audit).toContain("mark-broken")
    expect(audit).toContain("local-operator")
    await page.goto(`${server.url}/?q=oom-job`)
    expect(await page.locator('tr[data-job-id="oom-job"] .badge.broken').count()).toBe(1)
    expect(server.batch.submissions.filter((x) => x.retryOf === "oom-job")).toEqual([])
    expect(dialogs).toEqual([])
  })
})
