import {
  type CloudWatchClient,
  DeleteDashboardsCommand,
  ListDashboardsCommand,
  PutDashboardCommand
} from "@aws-sdk/client-cloudwatch"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { CloudWatchClients } from "../sdk/CloudWatchClients.ts"
import { monitoredCall } from "./clientOptions.ts"

/** The Dashboards port on CloudWatch. Dashboards are global; the calls go to the home region's endpoint. */
export const makeCloudWatchDashboards = (client: CloudWatchClient): Monitoring.Dashboards["Service"] =>
  Monitoring.Dashboards.of({
    put: Effect.fnUntraced(function* (name, body) {
      const out = yield* monitoredCall("PutDashboard", (abortSignal) =>
        client.send(new PutDashboardCommand({ DashboardName: name, DashboardBody: body }), { abortSignal })
      )
      return (out.DashboardValidationMessages ?? []).map((m) => `${m.DataPath ?? ""}: ${m.Message ?? ""}`)
    }),
    delete: (names) =>
      // DeleteDashboards fails as a whole when one name is missing, so callers pass listed names only.
      monitoredCall("DeleteDashboards", (abortSignal) =>
        client.send(new DeleteDashboardsCommand({ DashboardNames: [...names] }), { abortSignal })
      ).pipe(Effect.asVoid),
    list: Effect.fnUntraced(function* (prefix) {
      const names: Array<string> = []
      let token: string | undefined
      do {
        const next = token
        const out = yield* monitoredCall("ListDashboards", (abortSignal) =>
          client.send(
            new ListDashboardsCommand({
              DashboardNamePrefix: prefix,
              ...(next === undefined ? {} : { NextToken: next })
            }),
            { abortSignal }
          )
        )
        for (const d of out.DashboardEntries ?? []) if (d.DashboardName !== undefined) names.push(d.DashboardName)
        token = out.NextToken
      } while (token !== undefined)
      return names.sort()
    })
  })

/** Dashboards on CloudWatch through the home region's client of the `CloudWatchClients` service. */
export const layerCloudWatchDashboards = (
  homeRegion: string
): Layer.Layer<Monitoring.Dashboards, never, CloudWatchClients> =>
  Layer.effect(
    Monitoring.Dashboards,
    Effect.map(CloudWatchClients, (clients) => makeCloudWatchDashboards(clients(homeRegion)))
  )
