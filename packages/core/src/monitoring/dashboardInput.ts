import { Result, Schema } from "effect"
import { ArnOf, arnRegion } from "../personalize/Arn.ts"
import { MonitoredResourceArn, parseMonitoredArn, type SolutionFreshness } from "../personalize/monitoring.ts"
import { Status } from "../personalize/Status.ts"
import type { DashboardResource } from "./dashboard.ts"
import { decodeInputResult } from "./decodeInput.ts"
import { MonitorInputInvalid } from "./errors.ts"

const Region = Schema.String.check(
  Schema.isPattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, { expected: "an AWS region, e.g. us-east-1" })
)
const DatasetGroupArn = ArnOf(["DatasetGroup"])

/** One entry of the CLI's campaigns.json: a campaign or recommender as the dashboard shows it. */
export const DashboardResourceInput = Schema.Struct({
  arn: MonitoredResourceArn,
  name: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(63)),
  datasetGroupArn: DatasetGroupArn,
  datasetGroupName: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(63)),
  region: Region,
  recipeArn: Schema.optionalKey(Schema.String),
  minProvisionedTPS: Schema.optionalKey(Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1)))
})

/** Decodes campaigns.json into dashboard resources; the error names the first bad field (`[3].region`). */
export const decodeDashboardResources = (
  input: unknown
): Result.Result<ReadonlyArray<DashboardResource>, MonitorInputInvalid> => {
  const decoded = decodeInputResult(Schema.Array(DashboardResourceInput), input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const out: Array<DashboardResource> = []
  for (const [i, r] of decoded.success.entries()) {
    const parsed = parseMonitoredArn(r.arn)!
    if (parsed.region !== r.region)
      return Result.fail(
        new MonitorInputInvalid({
          path: `[${i}].region`,
          detail: `${r.region} is not the ARN's region ${parsed.region}`
        })
      )
    if (arnRegion(r.datasetGroupArn) !== r.region)
      return Result.fail(
        new MonitorInputInvalid({ path: `[${i}].datasetGroupArn`, detail: `the dataset group is not in ${r.region}` })
      )
    out.push({
      arn: r.arn,
      name: r.name,
      kind: parsed.kind,
      region: r.region,
      datasetGroupArn: r.datasetGroupArn,
      datasetGroupName: r.datasetGroupName,
      ...(r.recipeArn === undefined ? {} : { recipeArn: r.recipeArn }),
      ...(r.minProvisionedTPS === undefined ? {} : { minTPS: r.minProvisionedTPS })
    })
  }
  return Result.succeed(out)
}

const IsoTime = Schema.String.check(
  Schema.makeFilter((v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
    expected: "an ISO 8601 date-time, e.g. 2026-11-27T08:00:00Z"
  })
)

/** One entry of the CLI's solutions.json: a solution and its newest version, for the freshness table. */
export const SolutionFreshnessInput = Schema.Struct({
  solutionArn: ArnOf(["Solution"]),
  solutionName: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(63)),
  datasetGroupArn: DatasetGroupArn,
  region: Region,
  /** Creation time of the newest solution version; absent when the solution has none. */
  lastSolutionVersionAt: Schema.optionalKey(IsoTime),
  lastSolutionVersionStatus: Schema.optionalKey(Status)
})

/** Decodes solutions.json into the freshness rows `dashboard render` shows; errors name the field (`[0].region`). */
export const decodeSolutionFreshness = (
  input: unknown
): Result.Result<ReadonlyArray<SolutionFreshness>, MonitorInputInvalid> => {
  const decoded = decodeInputResult(Schema.Array(SolutionFreshnessInput), input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const out: Array<SolutionFreshness> = []
  for (const [i, s] of decoded.success.entries()) {
    if (arnRegion(s.solutionArn) !== s.region || arnRegion(s.datasetGroupArn) !== s.region)
      return Result.fail(
        new MonitorInputInvalid({
          path: `[${i}].region`,
          detail: `the solution and its dataset group are not in ${s.region}`
        })
      )
    out.push({
      solutionArn: s.solutionArn,
      solutionName: s.solutionName,
      datasetGroupArn: s.datasetGroupArn,
      region: s.region,
      ...(s.lastSolutionVersionAt === undefined ? {} : { lastSolutionVersionAt: Date.parse(s.lastSolutionVersionAt) }),
      ...(s.lastSolutionVersionStatus === undefined ? {} : { lastSolutionVersionStatus: s.lastSolutionVersionStatus })
    })
  }
  return Result.succeed(out)
}
