// The contract every Dashboards adapter must pass: put (validation messages back), list by prefix, delete.
// An adapter's test file calls `dashboardsContract("memory", () => layer)`; the layer must be fresh.

import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, type Layer } from "effect"
import { expect, it } from "vitest"
import { contractResource } from "./alarmsContract.ts"

export const dashboardsContract = (name: string, layer: () => Layer.Layer<Monitoring.Dashboards>) =>
  it(`Dashboards contract: ${name}`, async () => {
    await Effect.runPromise(
      Effect.gen(function* () {
        const dashboards = yield* Monitoring.Dashboards
        const [d] = Monitoring.renderDashboards({
          name: "Contract",
          homeRegion: "us-east-1",
          resources: [contractResource("a", "us-east-1")]
        })
        expect(yield* dashboards.put(d!.name, JSON.stringify(d!.body))).toEqual([])
        yield* dashboards.put("Contract-2", JSON.stringify(d!.body))
        yield* dashboards.put("OtherContract", JSON.stringify(d!.body))
        expect(yield* dashboards.list("Contract")).toEqual(["Contract", "Contract-2"])
        yield* dashboards.delete(["Contract-2"])
        expect(yield* dashboards.list("Contract")).toEqual(["Contract"])
      }).pipe(Effect.provide(layer()))
    )
  })
