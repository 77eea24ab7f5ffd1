import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeConfig } from "../../src/config/index.ts"
import {
  datedOutputPrefix,
  decideImport,
  decidePromotion,
  defaultGateSettings,
  desiredSchedules,
  makeGateSettings,
  metricKey,
  parseMaxAge,
  planSchedules,
  runName,
  scheduleGroupName,
  schedulerName,
  schedulerNameProblem
} from "../../src/maintenance/index.ts"
import { nameProblem } from "../../src/personalize/index.ts"

const schema = (name: string, fields: ReadonlyArray<readonly [string, string]>) => ({
  type: "record",
  name,
  namespace: "com.amazonaws.personalize.schema",
  fields: fields.map(([n, t]) => ({ name: n, type: t }))
})

/** The MLOps solution's sample config, abridged to one solution per kind of schedule. */
const mlopsConfig = (extra: { readonly importSchedule?: string; readonly full?: string } = {}) => ({
  datasetGroup: {
    serviceConfig: { name: "unit_test_new_datasetgroup" },
    workflowConfig: { schedules: { import: extra.importSchedule ?? "cron(0 */6 * * ? *)" } }
  },
  datasets: {
    users: {
      dataset: { serviceConfig: { name: "unit_test_only_users" } },
      schema: {
        serviceConfig: {
          name: "users_schema",
          schema: schema("users", [
            ["USER_ID", "string"],
            ["AGE", "int"]
          ])
        }
      }
    },
    interactions: {
      dataset: { serviceConfig: { name: "unit_test_only_interactions" } },
      schema: {
        serviceConfig: {
          name: "interactions_schema",
          schema: schema("interactions", [
            ["ITEM_ID", "string"],
            ["USER_ID", "string"],
            ["TIMESTAMP", "long"]
          ])
        }
      }
    }
  },
  solutions: [
    {
      serviceConfig: { name: "affinity_item", recipeArn: "arn:aws:personalize:::recipe/aws-item-affinity" },
      batchSegmentJobs: [{ serviceConfig: {}, workflowConfig: { schedule: "cron(0 3 * * ? *)" } }]
    },
    {
      serviceConfig: { name: "ranking", recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization" },
      workflowConfig: { schedules: { full: extra.full ?? "cron(0 2 ? * 1 *)", update: "cron(0 */12 * * ? *)" } },
      campaigns: [{ serviceConfig: { name: "ranking_campaign", minProvisionedTPS: 1 } }],
      batchInferenceJobs: [{ serviceConfig: {}, workflowConfig: { schedule: "cron(0 3 * * ? *)" } }]
    }
  ]
})

const decode = (config: unknown) => {
  const decoded = decodeConfig(config)
  if (!decoded.valid) throw new Error(JSON.stringify(decoded))
  return decoded.deployment
}

describe("desiredSchedules", () => {
  it("one schedule per scheduled task, in one group per dataset group, named from the instance prefix", () => {
    const desired = desiredSchedules(decode(mlopsConfig()), { instance: "acme-prod" })
    expect(desired.group).toBe("acme-prod-unit_test_new_datasetgroup")
    expect(desired.schedules.map((s) => [s.name, s.task, s.target, s.expression.expression])).toEqual([
      ["acme-prod-import-unit_test_only_interactions", "import", "unit_test_only_interactions", "cron(0 */6 * * ? *)"],
      ["acme-prod-import-unit_test_only_users", "import", "unit_test_only_users", "cron(0 */6 * * ? *)"],
      [
        "acme-prod-batch-segment-affinity_item-batch-segment",
        "batch-segment",
        "affinity_item-batch-segment",
        "cron(0 3 * * ? *)"
      ],
      ["acme-prod-full-ranking", "full", "ranking", "cron(0 2 ? * 1 *)"],
      ["acme-prod-update-ranking", "update", "ranking", "cron(0 */12 * * ? *)"],
      [
        "acme-prod-batch-inference-ranking-batch-inference",
        "batch-inference",
        "ranking-batch-inference",
        "cron(0 3 * * ? *)"
      ]
    ])
    for (const s of desired.schedules) {
      expect(s.group).toBe(desired.group)
      expect(s.input).toEqual({
        task: s.task,
        target: s.target,
        datasetGroup: "unit_test_new_datasetgroup",
        schedule: s.name
      })
    }
    expect(desired.deleted).toEqual([])
  })

  it("two instances never share a schedule name", () => {
    const d = decode(mlopsConfig())
    const a = desiredSchedules(d, { instance: "blue" }).schedules.map((s) => s.name)
    const b = desiredSchedules(d, { instance: "green" }).schedules.map((s) => s.name)
    expect(a.filter((n) => b.includes(n))).toEqual([])
  })

  it('a "delete" schedule is not wanted and is listed for deletion', () => {
    const desired = desiredSchedules(decode(mlopsConfig({ importSchedule: "delete", full: "delete" })), {
      instance: "i"
    })
    expect(desired.schedules.map((s) => s.task)).toEqual(["batch-segment", "update", "batch-inference"])
    expect(desired.deleted).toEqual([
      "i-import-unit_test_only_interactions",
      "i-import-unit_test_only_users",
      "i-full-ranking"
    ])
  })

  it("the config's datasetGroup.scheduleTimezone wins over the settings' zone; a bad zone is an issue at its path", () => {
    const base = {
      format: "personalize-ops/v1",
      datasetGroup: { name: "shop", scheduleTimezone: "America/New_York" },
      datasets: {
        Interactions: {
          name: "shop-interactions",
          schema: {
            type: "record",
            name: "Interactions",
            fields: [
              { name: "USER_ID", type: "string" },
              { name: "ITEM_ID", type: "string" },
              { name: "TIMESTAMP", type: "long" }
            ]
          },
          imports: [{ dataLocation: "s3://shop/i/", importMode: "FULL", schedule: "cron(0 3 * * ? *)" }]
        }
      }
    }
    const desired = desiredSchedules(decode(base), { instance: "i", timeZone: "Europe/Berlin" })
    expect(desired.schedules.map((s) => s.timeZone)).toEqual(["America/New_York"])
    const bad = decodeConfig({ ...base, datasetGroup: { name: "shop", scheduleTimezone: "Mars/Olympus" } })
    expect(bad.valid).toBe(false)
    expect(JSON.stringify(bad)).toContain("scheduleTimezone")
    expect(JSON.stringify(bad)).toContain("is not an IANA time zone")
  })

  it("carries the deployment's time zone", () => {
    const desired = desiredSchedules(decode(mlopsConfig()), { instance: "i", timeZone: "Europe/Berlin" })
    expect(new Set(desired.schedules.map((s) => s.timeZone))).toEqual(new Set(["Europe/Berlin"]))
  })

  it("names stay valid Scheduler names however long the parts (shortened with a stable hash)", () => {
    const part = fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.:/ ".split("")), minLength: 1, maxLength: 80 })
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const name = schedulerName(...parts)
        expect(schedulerNameProblem(name)).toBeUndefined()
        expect(schedulerName(...parts)).toBe(name)
      })
    )
    const long = "g".repeat(70)
    expect(scheduleGroupName({ instance: "a" }, long)).not.toBe(scheduleGroupName({ instance: "a" }, `${long}x`))
    expect(scheduleGroupName({ instance: "a" }, long).length).toBe(64)
  })
})

describe("planSchedules without targets", () => {
  const removedOne = {
    name: "i-full-ranking",
    group: "i-unit_test_new_datasetgroup",
    arn: "arn:aws:scheduler:us-east-1:000000000000:schedule/i-unit_test_new_datasetgroup/i-full-ranking",
    expression: "cron(0 2 ? * 1 *)",
    state: "ENABLED" as const,
    target: { arn: "arn:sm", roleArn: "arn:role", input: "{}" },
    createdAt: 0,
    updatedAt: 0
  }

  it("a config with no schedule left plans only deletions, and needs no state machine or role", () => {
    const desired = { group: removedOne.group, schedules: [], deleted: [removedOne.name] }
    const planned = planSchedules(desired, { groupExists: true, schedules: [removedOne] }, undefined)
    expect(Result.isSuccess(planned) && planned.success).toEqual([
      { action: "Delete", name: removedOne.name, group: removedOne.group, reason: 'set to "delete" in the config' }
    ])
  })

  it("a config with schedules and no target is refused, naming its schedules (never an empty target)", () => {
    const desired = desiredSchedules(decode(mlopsConfig()), { instance: "i" })
    const planned = planSchedules(desired, { groupExists: false, schedules: [] }, undefined)
    expect(Result.isFailure(planned)).toBe(true)
    if (Result.isFailure(planned)) {
      expect(planned.failure._tag).toBe("ScheduleRequestInvalid")
      expect(planned.failure.detail).toContain("i-full-ranking")
      expect(planned.failure.detail).toContain("no target")
    }
  })
})

describe("the promotion gate", () => {
  const ndcg = defaultGateSettings.metric
  it("defaults to NDCG@25, not worse", () => {
    expect(ndcg).toBe("normalized_discounted_cumulative_gain_at_25")
    expect(defaultGateSettings.tolerance).toBe(0)
  })

  it("promotes a version that is not worse, keeps one that is, and says why with both numbers", () => {
    const promote = decidePromotion(defaultGateSettings, { [ndcg]: 0.31 }, { [ndcg]: 0.3 })
    expect(promote).toMatchObject({ _tag: "Promote", candidate: 0.31, serving: 0.3 })
    const keep = decidePromotion(defaultGateSettings, { [ndcg]: 0.25 }, { [ndcg]: 0.3 })
    expect(keep).toMatchObject({ _tag: "Keep", candidate: 0.25, serving: 0.3 })
    expect(keep.reason).toBe(`${ndcg} 0.25 < serving 0.3`)
  })

  it("a tolerance lets a slightly worse version through", () => {
    const settings = { metric: ndcg, tolerance: 0.06 }
    expect(decidePromotion(settings, { [ndcg]: 0.25 }, { [ndcg]: 0.3 })._tag).toBe("Promote")
    expect(decidePromotion(settings, { [ndcg]: 0.23 }, { [ndcg]: 0.3 }).reason).toBe(
      `${ndcg} 0.23 < serving 0.3 - tolerance 0.06`
    )
  })

  it("first version promotes; a candidate without the metric is kept", () => {
    expect(decidePromotion(defaultGateSettings, { [ndcg]: 0.1 }, undefined)).toMatchObject({
      _tag: "Promote",
      reason: "no version is serving yet"
    })
    expect(decidePromotion(defaultGateSettings, { coverage: 0.9 }, { [ndcg]: 0.1 })._tag).toBe("Keep")
  })

  it("promotes exactly when candidate ≥ serving − tolerance", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (c, s, tolerance) => {
          const decision = decidePromotion({ metric: "coverage", tolerance }, { coverage: c }, { coverage: s })
          expect(decision._tag === "Promote").toBe(c >= s - tolerance)
          expect([decision.candidate, decision.serving]).toEqual([c, s])
        }
      )
    )
  })

  it("says which version lacks the metric, with both numbers it has", () => {
    expect(decidePromotion(defaultGateSettings, { coverage: 0.9 }, { [ndcg]: 0.1 })).toEqual({
      _tag: "Keep",
      metric: ndcg,
      candidate: undefined,
      serving: 0.1,
      reason: `the new version reports no ${ndcg}`
    })
    expect(decidePromotion(defaultGateSettings, { [ndcg]: 0.2 }, { coverage: 0.9 })).toEqual({
      _tag: "Promote",
      metric: ndcg,
      candidate: 0.2,
      serving: undefined,
      reason: `the serving version reports no ${ndcg}`
    })
  })

  it("an equal metric promotes; numbers are shown to 4 decimals", () => {
    expect(decidePromotion(defaultGateSettings, { [ndcg]: 0.3 }, { [ndcg]: 0.3 })).toEqual({
      _tag: "Promote",
      metric: ndcg,
      candidate: 0.3,
      serving: 0.3,
      reason: `${ndcg} 0.3 ≥ serving 0.3`
    })
    const settings = { metric: "coverage", tolerance: 0.00005 }
    expect(decidePromotion(settings, { coverage: 0.123456 }, { coverage: 0.2 }).reason).toBe(
      "coverage 0.1235 < serving 0.2 - tolerance 0.0001"
    )
    expect(decidePromotion(settings, { coverage: 0.2 }, { coverage: 0.20004 }).reason).toBe(
      "coverage 0.2 ≥ serving 0.2 - tolerance 0.0001"
    )
  })

  it("metric keys: shorthands in any case and spacing, plain lowercase keys; anything else says what to write", () => {
    expect(metricKey(" precision@10 ")).toEqual(Result.succeed("precision_at_10"))
    expect(metricKey("ndcg@5")).toEqual(Result.succeed("normalized_discounted_cumulative_gain_at_5"))
    expect(metricKey("mrr@5")).toEqual(Result.succeed("mean_reciprocal_rank_at_5"))
    expect(metricKey("coverage_2")).toEqual(Result.succeed("coverage_2"))
    for (const name of ["Coverage", "2coverage", "coverage-x", "x coverage", "ndcg@", "ndcg@25x", "my ndcg@25", ""])
      expect([name, metricKey(name)]).toEqual([
        name,
        Result.fail(
          `"${name}" is not a metric: use a GetSolutionMetrics key (e.g. coverage) or NDCG@k, MRR@k, precision@k`
        )
      ])
  })

  it("gate settings: defaults when absent; a tolerance must be a finite number ≥ 0", () => {
    expect(makeGateSettings({})).toEqual(Result.succeed(defaultGateSettings))
    expect(makeGateSettings({ tolerance: 0 })).toEqual(Result.succeed(defaultGateSettings))
    for (const tolerance of [Number.NaN, Number.POSITIVE_INFINITY, -0.001])
      expect(makeGateSettings({ tolerance })).toEqual(
        Result.fail({ field: "tolerance", message: `must be a number ≥ 0 (got ${tolerance})` })
      )
    expect(makeGateSettings({ metric: "ndcg 25" })).toEqual(
      Result.fail({
        field: "metric",
        message: `"ndcg 25" is not a metric: use a GetSolutionMetrics key (e.g. coverage) or NDCG@k, MRR@k, precision@k`
      })
    )
  })

  it("metric shorthands and settings errors name the field", () => {
    expect(metricKey("NDCG@10")).toEqual(Result.succeed("normalized_discounted_cumulative_gain_at_10"))
    expect(metricKey("MRR@25")).toEqual(Result.succeed("mean_reciprocal_rank_at_25"))
    expect(metricKey("coverage")).toEqual(Result.succeed("coverage"))
    expect(makeGateSettings({ metric: "ndcg 25" })).toMatchObject(Result.fail({ field: "metric" }))
    expect(makeGateSettings({ tolerance: -1 })).toMatchObject(Result.fail({ field: "tolerance" }))
    expect(makeGateSettings({ metric: "precision@5", tolerance: 0.01 })).toEqual(
      Result.succeed({ metric: "precision_at_5", tolerance: 0.01 })
    )
  })
})

describe("import skip rules", () => {
  const hour = 3_600_000
  const now = Date.parse("2026-11-27T12:00:00Z")
  it("runs the first import and after a failed one", () => {
    expect(decideImport({ now, mode: "FULL", data: {} })).toMatchObject({ _tag: "Run", mode: "FULL" })
    expect(
      decideImport({ now, mode: "INCREMENTAL", last: { startedAt: now - hour, status: "CREATE FAILED" }, data: {} })
    ).toMatchObject({ _tag: "Run", mode: "INCREMENTAL" })
  })

  it("skips while the last import is within maxAge, and when the data has not changed, saying why", () => {
    const last = { startedAt: now - 2 * hour, status: "ACTIVE" } as const
    const fresh = decideImport({ now, mode: "FULL", maxAgeMs: 6 * hour, last, data: { lastModified: now - hour } })
    expect(fresh).toEqual({
      _tag: "Skip",
      reason: "the last import (2026-11-27T10:00:00.000Z) is within maxAge (7200 s < 21600 s)"
    })
    const unchanged = decideImport({ now, mode: "FULL", last, data: { lastModified: now - 3 * hour } })
    expect(unchanged._tag).toBe("Skip")
    expect(unchanged.reason).toContain("has not changed")
    expect(decideImport({ now, mode: "FULL", last, data: { lastModified: now - hour } })._tag).toBe("Run")
  })

  it("never skips when nothing is known to be fresh", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (ageHours, changedAgo) => {
        const last = { startedAt: now - ageHours * hour, status: "ACTIVE" } as const
        const decision = decideImport({ now, mode: "FULL", last, data: { lastModified: now - changedAgo * hour } })
        expect(decision._tag === "Run").toBe(changedAgo < ageHours)
      })
    )
  })

  it("says why an import runs: the first one, after a failed one, data of unknown age, data changed", () => {
    expect(decideImport({ now, mode: "FULL", data: {} })).toEqual({
      _tag: "Run",
      mode: "FULL",
      reason: "no earlier import"
    })
    expect(
      decideImport({ now, mode: "FULL", last: { startedAt: now - hour, status: "CREATE FAILED" }, data: {} })
    ).toEqual({ _tag: "Run", mode: "FULL", reason: "the last import (2026-11-27T11:00:00.000Z) failed" })
    const last = { startedAt: now - 2 * hour, status: "ACTIVE" } as const
    expect(decideImport({ now, mode: "INCREMENTAL", last, data: {} })).toEqual({
      _tag: "Run",
      mode: "INCREMENTAL",
      reason: "the data's age is unknown"
    })
    expect(decideImport({ now, mode: "FULL", last, data: { lastModified: now - hour } })).toEqual({
      _tag: "Run",
      mode: "FULL",
      reason: "the data changed at 2026-11-27T11:00:00.000Z"
    })
  })

  it("boundaries: an import exactly maxAge old is redone; data modified when the last import started is unchanged", () => {
    const last = { startedAt: now - 6 * hour, status: "ACTIVE" } as const
    expect(decideImport({ now, mode: "FULL", maxAgeMs: 6 * hour, last, data: {} })._tag).toBe("Run")
    expect(decideImport({ now, mode: "FULL", maxAgeMs: 6 * hour + 1, last, data: {} })._tag).toBe("Skip")
    expect(decideImport({ now, mode: "FULL", last, data: { lastModified: last.startedAt } })).toEqual({
      _tag: "Skip",
      reason:
        "the data has not changed since the last import (modified 2026-11-27T06:00:00.000Z, imported 2026-11-27T06:00:00.000Z)"
    })
    expect(decideImport({ now, mode: "FULL", last, data: { lastModified: last.startedAt + 1 } })._tag).toBe("Run")
  })

  it("parses every maxAge unit, with decimals, any spacing and case; anything else says how to write one", () => {
    const day = 24 * hour
    const parsed: ReadonlyArray<readonly [string, number]> = [
      ["90 s", 90_000],
      ["2 secs", 2_000],
      ["1sec", 1_000],
      ["30 min", 30 * 60_000],
      ["1 m", 60_000],
      ["2 mins", 2 * 60_000],
      ["1 minute", 60_000],
      ["1.5 hrs", 1.5 * hour],
      ["1.25 h", 1.25 * hour],
      ["2 h", 2 * hour],
      ["1 hr", hour],
      ["3 hour", 3 * hour],
      ["3d", 3 * day],
      [" 2 Weeks ", 14 * day],
      ["1 w", 7 * day],
      ["1 week", 7 * day]
    ]
    for (const [text, ms] of parsed) expect([text, parseMaxAge(text)]).toEqual([text, Result.succeed(ms)])
    for (const text of ["5 ms", "2 months", "1 dayz", "1 xs", "day", "1 day ago", "-1 day", "1.day", ""])
      expect([text, parseMaxAge(text)]).toEqual([
        text,
        Result.fail(`"${text}" is not a duration: use "<number> <unit>" with seconds, minutes, hours, days or weeks`)
      ])
  })

  it("parses maxAge durations", () => {
    expect(parseMaxAge("1 day")).toEqual(Result.succeed(86_400_000))
    expect(parseMaxAge("365 days")).toEqual(Result.succeed(365 * 86_400_000))
    expect(parseMaxAge("1 second")).toEqual(Result.succeed(1000))
    expect(parseMaxAge("6 hours")).toEqual(Result.succeed(6 * hour))
    expect(Result.isFailure(parseMaxAge("soon"))).toBe(true)
    expect(Result.isFailure(parseMaxAge("3 fortnights"))).toBe(true)
  })
})

describe("batch run names", () => {
  const at = Date.parse("2026-11-27T03:00:05Z")
  it("a new job per run, its time in its name, its output under a dated prefix", () => {
    expect(runName("ranking-batch-inference", at)).toBe("ranking-batch-inference-20261127-030005")
    expect(datedOutputPrefix("s3://bucket/batch/dsg/ranking/", at, "r-20261127-030005")).toBe(
      "s3://bucket/batch/dsg/ranking/2026-11-27/r-20261127-030005/"
    )
  })

  it("run names are valid Personalize names, distinct per second", () => {
    const base = fc
      .tuple(
        fc.constantFrom(..."abcXYZ0".split("")),
        fc.string({ unit: fc.constantFrom(..."ab-_9".split("")), maxLength: 80 })
      )
      .map(([a, b]) => a + b)
    fc.assert(
      fc.property(base, fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 1, max: 1e9 }), (b, t, dt) => {
        const t0 = t - (t % 1000)
        expect(nameProblem(runName(b, t0))).toBeUndefined()
        expect(runName(b, t0)).not.toBe(runName(b, t0 + dt * 1000))
      })
    )
  })
})
