// Per-phase durations and stuck detection at their bounds, on hand-written histories.
import { assert, describe, it } from "@effect/vitest"
import { Jobs } from "@personalize-ops/core"

type Status = Jobs.BatchJobStatus
const h = (status: Status, at: number, attempt = 1): Jobs.HistoryEntry => ({
  status,
  attempt,
  at,
  eventId: `${status}-${attempt}-${at}`,
  late: false
})

describe("phase durations", () => {
  it.each([
    [
      "each documented step measures the phase it leaves",
      [h("SUBMITTED", 0), h("PENDING", 5), h("RUNNABLE", 15), h("STARTING", 45), h("RUNNING", 50), h("SUCCEEDED", 150)],
      0,
      { PENDING: 10, RUNNABLE: 30, STARTING: 5, RUNNING: 100, total: 150 }
    ],
    ["SUBMITTED is not a measured phase", [h("SUBMITTED", 0), h("RUNNABLE", 7)], 0, {}],
    [
      "an observation out of time order measures nothing; equal times measure 0",
      [h("RUNNABLE", 10), h("STARTING", 9), h("RUNNING", 9)],
      undefined,
      { STARTING: 0 }
    ],
    ["a step that skips a status is not a documented transition", [h("RUNNABLE", 0), h("RUNNING", 10)], undefined, {}],
    [
      "a retry must start the next attempt, not the same one",
      [h("RUNNING", 0, 1), h("RUNNABLE", 10, 1)],
      undefined,
      {}
    ],
    [
      "a retry to attempt 2 closes RUNNING; a jump to attempt 3 does not",
      [h("RUNNING", 0, 1), h("RUNNABLE", 10, 2), h("STARTING", 20, 2), h("RUNNING", 25, 2), h("RUNNABLE", 30, 4)],
      undefined,
      { RUNNING: 10, RUNNABLE: 10, STARTING: 5 }
    ],
    ["the same attempt is needed on other steps", [h("RUNNABLE", 0, 1), h("STARTING", 5, 2)], undefined, {}],
    [
      "cancelled while RUNNABLE: that phase, and the total from creation",
      [h("RUNNABLE", 100), h("FAILED", 160)],
      40,
      { RUNNABLE: 60, total: 120 }
    ],
    ["a total of zero counts", [h("FAILED", 40)], 40, { total: 0 }],
    ["no total when the end is before the creation time", [h("FAILED", 39)], 40, {}],
    ["no total while the job runs", [h("RUNNABLE", 50), h("STARTING", 60)], 40, { RUNNABLE: 10 }],
    ["no total without a creation time", [h("SUCCEEDED", 50)], undefined, {}],
    ["an empty history has nothing", [], 0, {}]
  ] as const)("%s", (_, history, createdAt, expected) => {
    assert.deepStrictEqual(Jobs.phaseDurations(history, createdAt), expected)
  })
})

describe("stuck jobs", () => {
  it("the defaults: an hour waiting, 15 minutes starting, 12 hours running", () => {
    const at = (status: string, forMs: number) => Jobs.stuckAt({ status, since: 0 }, forMs)?.thresholdMs
    assert.deepStrictEqual(
      [
        at("RUNNABLE", 3_600_000),
        at("RUNNABLE", 3_600_001),
        at("PENDING", 3_600_001),
        at("SUBMITTED", 3_600_001),
        at("STARTING", 900_000),
        at("STARTING", 900_001),
        at("RUNNING", 43_200_000),
        at("RUNNING", 43_200_001),
        at("SUCCEEDED", 10 ** 12),
        at("FAILED", 10 ** 12)
      ],
      [undefined, 3_600_000, 3_600_000, 3_600_000, undefined, 900_000, undefined, 43_200_000, undefined, undefined]
    )
  })

  it("a status without its own threshold uses the default; the time is counted from `since`", () => {
    const thresholds = { default: 100 }
    assert.deepStrictEqual(Jobs.stuckAt({ status: "STARTING", since: 1_000 }, 1_101, thresholds), {
      status: "STARTING",
      since: 1_000,
      forMs: 101,
      thresholdMs: 100
    })
    assert.strictEqual(Jobs.stuckAt({ status: "STARTING", since: 1_000 }, 1_100, thresholds), undefined)
  })
})
