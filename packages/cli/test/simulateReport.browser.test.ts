// The `simulate --report` page in headless Debian Chromium (playwright-core drives it;
// tools/install-chromium.sh installs it): it renders, logs no console error, and its Gantt chart has
// one bar per step (and with --days a mark per maintenance run).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { type Browser, chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { simulateWithReport } from "./simulateWithReport.ts"

const chromiumPath = "/usr/bin/chromium"
const haveChromium = existsSync(chromiumPath)
if (!haveChromium)
  console.warn(`report browser test skipped: ${chromiumPath} not found (run tools/install-chromium.sh)`)

let browser: Browser
let dir: string

describe.skipIf(!haveChromium)("simulate --report in headless Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "simulate-report-"))
    browser = await chromium.launch({
      executablePath: chromiumPath,
      // a busy machine may start chromium slowly: no limit it could hit
      timeout: 300_000,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    })
  })
  afterAll(async () => {
    await browser?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  /** Opens a report as a file:// page; returns the page and every console error and page error. */
  const open = async (name: string, html: string) => {
    const file = join(dir, name)
    writeFileSync(file, html)
    const page = await browser.newPage()
    page.setDefaultTimeout(300_000)
    const errors: Array<string> = []
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text())
    })
    page.on("pageerror", (e) => errors.push(e.message))
    const requests: Array<string> = []
    page.on("request", (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(file).href, { timeout: 300_000 })
    return { page, errors, requests: () => requests.filter((u) => u !== pathToFileURL(file).href) }
  }

  it("renders the Gantt chart with one bar per step, no console errors, nothing fetched", async () => {
    const { html, json } = await simulateWithReport("--faults", "heavy", "--seed", "1")
    const { page, errors, requests } = await open("faults.html", html)
    expect(await page.locator("svg.gantt rect.bar").count()).toBe(json.timeline.length)
    expect(await page.locator("svg.gantt rect.bar.failed").count()).toBe(json.failures.length)
    const box = await page.locator("svg.gantt").boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(500)
    expect(await page.locator("ul.failures li").count()).toBe(json.failures.length)
    expect(errors).toEqual([])
    expect(requests()).toEqual([])
    await page.close()
  })

  it("with --days draws a mark per maintenance run and a metrics chart per measured solution", async () => {
    const { html, json } = await simulateWithReport("--days", "3")
    const { page, errors } = await open("days.html", html)
    expect(await page.locator("svg.gantt rect.bar").count()).toBe(json.timeline.length)
    expect(await page.locator("svg.runs circle.run").count()).toBe(json.maintenance.runs.length)
    expect(await page.locator("svg.metrics polyline.metric").count()).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
