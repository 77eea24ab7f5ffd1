import type { Provisioning } from "@personalize-ops/core"
import { describe, expect, it } from "vitest"
import { recordingIo } from "../src/Io.ts"
import { makeProgress } from "../src/provisioning/progress.ts"

const t0 = Date.UTC(2026, 10, 27, 12, 0, 0)
const report = (status: string, at: number, nextPollAt?: number): Provisioning.WaitReport =>
  ({
    key: "SolutionVersion:shop-ranking",
    kind: "SolutionVersion",
    arn: "arn:aws:personalize:us-east-1:123456789012:solution/shop-ranking/1",
    status,
    at,
    ...(nextPollAt === undefined ? {} : { nextPollAt })
  }) as Provisioning.WaitReport

describe("apply's progress on the resources it waits for", () => {
  it("off a terminal: one timestamped line per status change on stderr, with time waited and next poll", () => {
    const { io, stdout, stderr } = recordingIo()
    const progress = makeProgress("lines", io)
    progress.wait(report("CREATE PENDING", t0, t0 + 60_000))
    progress.wait(report("CREATE PENDING", t0 + 60_000, t0 + 150_000))
    progress.wait(report("CREATE IN_PROGRESS", t0 + 150_000, t0 + 285_000))
    progress.wait(report("ACTIVE", t0 + 3_600_000))
    progress.step("SolutionVersion:shop-ranking", "+ 1h00m00s  ✓ create SolutionVersion shop-ranking ACTIVE")
    progress.close()
    expect(stderr().split("\n")).toEqual([
      "2026-11-27T12:00:00.000Z  SolutionVersion shop-ranking: CREATE PENDING (waiting 0s, next poll in 1m00s)",
      "2026-11-27T12:02:30.000Z  SolutionVersion shop-ranking: CREATE IN_PROGRESS (waiting 2m30s, next poll in 2m15s)",
      "2026-11-27T13:00:00.000Z  SolutionVersion shop-ranking: ACTIVE (waiting 1h00m00s)",
      ""
    ])
    expect(stdout()).toBe("+ 1h00m00s  ✓ create SolutionVersion shop-ranking ACTIVE\n")
  })

  it("on a terminal: a live line per waiting resource, redrawn in place, gone when its step ends", () => {
    const { io, stdout, stderr } = recordingIo({ stderrIsTerminal: true })
    let now = t0
    const progress = makeProgress("live", io, () => now)
    progress.wait(report("CREATE IN_PROGRESS", t0, t0 + 60_000))
    now = t0 + 20_000
    progress.wait({ ...report("CREATE PENDING", now, now + 30_000), key: "Campaign:shop", kind: "Campaign" })
    progress.step("SolutionVersion:shop-ranking", "step line")
    progress.close()
    const err = stderr()
    expect(err).toContain("SolutionVersion    shop-ranking")
    expect(err).toMatch(/CREATE IN_PROGRESS\s+waiting 20s, next poll in 40s/)
    expect(err).toMatch(/Campaign\s+shop\s+CREATE PENDING\s+waiting 0s, next poll in 30s/)
    // each redraw first moves up over the lines it drew and clears them
    expect(err).toContain("\x1b[1A\x1b[J")
    expect(err).toContain("\x1b[2A\x1b[J")
    expect(err.endsWith("\x1b[1A\x1b[J")).toBe(true)
    expect(stdout()).toBe("step line\n")
  })

  it("off: nothing on stderr", () => {
    const { io, stderr } = recordingIo()
    const progress = makeProgress("off", io)
    progress.wait(report("CREATE PENDING", t0, t0 + 1000))
    progress.close()
    expect(stderr()).toBe("")
  })
})
