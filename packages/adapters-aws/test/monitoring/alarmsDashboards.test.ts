// The Alarms, Dashboards and Metrics contracts against the CloudWatch adapters, through the real SDK stack.
import { alarmsContract, dashboardsContract, metricsContract } from "@personalize-ops/core/testing"
import { afterAll, beforeAll, describe } from "vitest"
import { layerCloudWatchAlarms, layerCloudWatchDashboards, layerCloudWatchMetrics } from "../../src/index.ts"
import { startStatefulCloudWatch } from "../../src/testing/localCloudWatch.ts"

let cloudWatch: Awaited<ReturnType<typeof startStatefulCloudWatch>>
beforeAll(async () => {
  cloudWatch = await startStatefulCloudWatch()
})
afterAll(() => cloudWatch.close())
const aws = () => ({
  endpoint: cloudWatch.endpoint,
  credentials: { accessKeyId: "l", secretAccessKey: "l" },
  maxAttempts: 1
})

describe("CloudWatch adapters", () => {
  alarmsContract("CloudWatch through the SDK against a local endpoint", () => layerCloudWatchAlarms(aws()))
  dashboardsContract("CloudWatch through the SDK against a local endpoint", () =>
    layerCloudWatchDashboards("us-east-1", aws())
  )
  metricsContract("CloudWatch through the SDK against a local endpoint", () => layerCloudWatchMetrics(aws()))
})
