import { makeGrowingData } from "@personalize-ops/adapters-memory"
import { dataFreshnessContract } from "@personalize-ops/core/testing"
import { Effect } from "effect"

dataFreshnessContract("memory (data that grows daily)", () =>
  Effect.succeed({ port: makeGrowingData(7), location: "s3://bucket/items/" })
)
