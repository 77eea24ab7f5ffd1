import { alarmsContract, dashboardsContract, metricsContract } from "@personalize-ops/core/testing"
import { describe } from "vitest"
import { MemoryMonitoringWorld } from "../../src/monitoring/index.ts"

describe("memory monitoring world", () => {
  alarmsContract("memory", () => new MemoryMonitoringWorld().layer)
  dashboardsContract("memory", () => new MemoryMonitoringWorld().layer)
  metricsContract("memory", () => new MemoryMonitoringWorld().layer)
})
