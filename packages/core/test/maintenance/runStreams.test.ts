// Where each maintenance task's runs are recorded, the outcome each ending event means, the run's first
// state, and the refusals' messages.
import { describe, expect, it } from "vitest"
import * as Kernel from "../../src/kernel/index.ts"
import * as M from "../../src/maintenance/index.ts"

describe("maintenance run streams and outcomes", () => {
  it("a dataset's imports, a solution's retraining (FULL and UPDATE together) and a batch job's runs each have a stream", () => {
    expect(
      (["import", "full", "update", "batch-inference", "batch-segment"] as const).map((t) =>
        M.maintenanceStream(t, "x")
      )
    ).toEqual([
      Kernel.streamId("maintenance-dataset", "x"),
      Kernel.streamId("maintenance-solution", "x"),
      Kernel.streamId("maintenance-solution", "x"),
      Kernel.streamId("maintenance-batch", "x"),
      Kernel.streamId("maintenance-batch", "x")
    ])
  })

  it("each ending event's outcome", () => {
    const fields = { runId: "r", task: "full" as const, target: "s", at: 0 }
    expect(
      [
        M.RunSucceeded.make(fields),
        M.RunSkipped.make({ ...fields, reason: "x" }),
        M.RunFailed.make({ ...fields, reason: "x" }),
        M.VersionPromoted.make({ ...fields, versionArn: "v", reason: "x", metrics: {} }),
        M.VersionKept.make({ ...fields, versionArn: "v", reason: "x", metrics: {} })
      ].map(M.outcomeOf)
    ).toEqual(["succeeded", "skipped", "failed", "promoted", "kept"])
  })

  it("a run starts at its phase 'start', named by task, target and fire time, with nothing to wait for", () => {
    const input = { task: "update" as const, target: "up", datasetGroup: "shop" }
    expect(M.startState(input, 1_234)).toEqual({
      input,
      runId: "update-up-1234",
      at: 1_234,
      phase: "start",
      waitSeconds: 0
    })
    expect(M.defaultWorkflowSettings).toEqual({
      gate: { metric: "normalized_discounted_cumulative_gain_at_25", tolerance: 0 },
      metricsNamespace: "PersonalizeOps/SolutionMetrics",
      region: "us-east-1",
      pollSeconds: 300,
      batchPrefix: "s3://personalize-ops-batch"
    })
  })

  it("refusals say which run and why", () => {
    expect(new M.UnknownRun({ runId: "r1" }).message).toBe("run r1 is not running")
    expect(new M.UnknownRun({ runId: "r1", running: "r0" }).message).toBe("run r1 is not running (r0 is)")
    expect(new M.OutcomeNotAllowed({ runId: "i", task: "import", outcome: "kept" }).message).toBe(
      "a import run cannot end kept: only retraining (full/update) is promoted or kept"
    )
  })

  it("Scheduler's errors: AWS's names, statuses and the typed error each becomes", () => {
    expect(M.schedulerErrorNames).toEqual({
      ResourceNotFoundException: { tag: "ScheduleNotFound", status: 404 },
      ConflictException: { tag: "ScheduleConflict", status: 409 },
      ValidationException: { tag: "ScheduleRequestInvalid", status: 400 },
      ServiceQuotaExceededException: { tag: "SchedulerFailure", status: 402 },
      ThrottlingException: { tag: "SchedulerFailure", status: 429 },
      InternalServerException: { tag: "SchedulerFailure", status: 500 }
    })
    expect(M.defaultScheduleGroup).toBe("default")
  })
})
