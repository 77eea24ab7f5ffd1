// The Alarms, Dashboards and Metrics contracts against the CloudWatch adapters, through the real SDK stack.
import { alarmsContract, dashboardsContract, metricsContract } from "@personalize-ops/core/testing"
import { Layer } from "effect"
import { afterAll, beforeAll, describe } from "vitest"
import { layerCloudWatchAlarms, layerCloudWatchDashboards, layerCloudWatchMetrics } from "../../src/index.ts"
import { CloudWatchClients } from "../../src/sdk/CloudWatchClients.ts"
import { startStatefulCloudWatch } from "../../src/testing/localCloudWatch.ts"

let cloudWatch: Awaited<ReturnType<typeof startStatefulCloudWatch>>
beforeAll(async () => {
  cloudWatch = await startStatefulCloudWatch()
})
afterAll(() => cloudWatch.close())
const aws = () =>
  CloudWatchClients.layerOptions({
    endpoint: cloudWatch.endpoint,
    credentials: { accessKeyId: "l", secretAccessKey: "l" }
  })

describe("CloudWatch adapters", () => {
  alarmsContract("CloudWatch through the SDK against a local endpoint", () =>
    layerCloudWatchAlarms.pipe(Layer.provide(aws()))
  )
  dashboardsContract("CloudWatch through the SDK against a local endpoint", () =>
    layerCloudWatchDashboards("us-east-1").pipe(Layer.provide(aws()))
  )
  metricsContract("CloudWatch through the SDK against a local endpoint", () =>
    layerCloudWatchMetrics.pipe(Layer.provide(aws()))
  )
})
