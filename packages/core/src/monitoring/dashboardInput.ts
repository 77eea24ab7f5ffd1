import { Result, Schema } from "effect"
import { ArnOf, arnRegion } from "../personalize/Arn.ts"
import { MonitoredResourceArn, parseMonitoredArn } from "../personalize/monitoring.ts"
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
