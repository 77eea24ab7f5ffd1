import { layerMemoryEventStore, layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import { ConfigProvider, Layer } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { makeSegmentHandler } from "../src/ingestion/index.ts"
import { JobsSettings, makeJobsEventsHandler } from "../src/jobs/index.ts"
import { deep } from "./hostileInput.ts"
import { layerMemoryIngestion, trackEvent } from "./ingestion/support.ts"

// Every entry point takes any JSON without crashing: a typed answer (rejected, invalid), never a throw
// of RangeError/TypeError. Arbitrary JSON, JSON near the real shapes, and deep nesting. The other entry
// points: fuzzEntryPoints.test.ts.
const anyInput = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(deep(5_000), deep(10_000), { detail: deep(5_000) }, null, "", 0),
  fc.record({ ...Object.fromEntries(Object.keys(trackEvent()).map((k) => [k, fc.jsonValue()])) }, { requiredKeys: [] }),
  fc.record(
    {
      "detail-type": fc.constant("Batch Job State Change"),
      source: fc.constant("aws.batch"),
      id: fc.string(),
      time: fc.oneof(fc.string(), fc.constant("+275760-09-13T00:00:01Z")),
      account: fc.string(),
      region: fc.string(),
      detail: fc.record(
        {
          jobId: fc.string(),
          jobName: fc.string(),
          jobQueue: fc.string(),
          jobDefinition: fc.string(),
          status: fc.constantFrom("RUNNABLE", "RUNNING", "SUCCEEDED", "FAILED", "x"),
          createdAt: fc.oneof(fc.double(), fc.integer()),
          attempts: fc.jsonValue()
        },
        { requiredKeys: [] }
      )
    },
    { requiredKeys: [] }
  )
)

describe("fuzz: the handlers take any input", () => {
  it("Segment destination: every event ends in a bucket", async () => {
    const handler = makeSegmentHandler(layerMemoryIngestion(makeMemoryPersonalizeEvents(), makeMemoryDeadLetter()), {
      emit: () => {}
    })
    try {
      await fc.assert(
        fc.asyncProperty(anyInput, async (event) => {
          const out = await handler(event)
          expect(["sent", "skipped", "invalid", "failed"]).toContain(out.status)
        }),
        { numRuns: 150 }
      )
    } finally {
      await handler.runtime.dispose()
    }
  })

  it("jobs EventBridge handler: every event is recorded, a duplicate, late or rejected", async () => {
    const settings = JobsSettings.layer.pipe(
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ JOBS_TABLE: "t" })))
    )
    const handler = makeJobsEventsHandler(Layer.mergeAll(settings, layerMemoryEventStore, layerMemoryJobReadModel))
    try {
      await fc.assert(
        fc.asyncProperty(anyInput, async (event) => {
          const out = await handler(event)
          expect(["recorded", "duplicate", "late", "rejected"]).toContain(out.status)
        }),
        { numRuns: 150 }
      )
    } finally {
      await handler.runtime.dispose()
    }
  })
})
