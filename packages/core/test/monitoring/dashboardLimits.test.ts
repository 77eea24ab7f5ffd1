import { describe, expect, it } from "vitest"
import {
  countMetrics,
  dashboardViolations,
  type MetricWidget,
  type RenderedDashboard,
  type TextWidget,
  type Widget
} from "../../src/monitoring/index.ts"

// dashboardViolations at each limit of aws-facts §4.3: the last allowed value passes, the next is named.

const text = (over: Partial<TextWidget> = {}): TextWidget => ({
  type: "text",
  x: 0,
  y: 0,
  width: 24,
  height: 1,
  properties: { markdown: "# t" },
  ...over
})
const entry = ["AWS/Personalize", "GetRecommendations", "CampaignArn", "c"]
const metric = (n: number, over: Partial<MetricWidget> = {}, props: Partial<MetricWidget["properties"]> = {}) =>
  ({
    type: "metric",
    x: 0,
    y: 0,
    width: 12,
    height: 6,
    properties: {
      title: "m",
      view: "timeSeries",
      region: "eu-west-1",
      stat: "Sum",
      period: 300,
      metrics: Array.from({ length: n }, () => entry),
      ...props
    },
    ...over
  }) satisfies MetricWidget
const board = (widgets: ReadonlyArray<Widget>, name = "Monitor_1-a"): RenderedDashboard => ({
  name,
  body: { start: "-PT3H", periodOverride: "auto", widgets }
})
const violations = (widgets: ReadonlyArray<Widget>, name?: string) => dashboardViolations(board(widgets, name))

describe("dashboardViolations", () => {
  it("a name of 1–255 of A-Z a-z 0-9 - _", () => {
    expect(violations([text()], "x".repeat(255))).toEqual([])
    for (const bad of ["", "x".repeat(256), "a b", "a.b"])
      expect(violations([text()], bad)).toEqual([`name ${JSON.stringify(bad)} is not 1–255 of A-Z a-z 0-9 - _`])
  })

  it("at most 500 widgets, 2,500 metrics a dashboard, 500 a widget", () => {
    expect(violations(Array.from({ length: 500 }, () => text()))).toEqual([])
    expect(violations(Array.from({ length: 501 }, () => text()))).toEqual(["501 widgets > 500"])
    expect(violations(Array.from({ length: 5 }, () => metric(500)))).toEqual([])
    expect(violations([...Array.from({ length: 5 }, () => metric(500)), metric(1)])).toEqual(["2501 metrics > 2500"])
    expect(violations([metric(501)])).toEqual(["widget 0: > 500 metrics"])
    expect(countMetrics(board([metric(3), text(), metric(4)]).body)).toBe(7)
  })

  it("positions on the 24-column grid: x 0–23, y ≥ 0, width 1–24 ending by column 24", () => {
    for (const ok of [{ x: 0, width: 24 }, { x: 23, width: 1 }, { x: 12, width: 12 }, { y: 0 }, { y: 4000 }])
      expect(violations([text(ok)]), JSON.stringify(ok)).toEqual([])
    for (const [bad, shown] of [
      [{ x: -1, width: 1 }, "-1,0 1"],
      [{ x: 24, width: 1 }, "24,0 1"],
      [{ y: -1 }, "0,-1 24"],
      [{ x: 0, width: 0 }, "0,0 0"],
      [{ x: 0, width: 25 }, "0,0 25"],
      [{ x: 13, width: 12 }, "13,0 12"]
    ] as const)
      expect(violations([text(), text(bad)]), JSON.stringify(bad)).toEqual([`widget 1: bad position ${shown}`])
  })

  it("heights 1–1,000", () => {
    expect(violations([text({ height: 1000 })])).toEqual([])
    expect(violations([text({ height: 0 })])).toEqual(["widget 0: height 0"])
    expect(violations([text({ height: 1001 })])).toEqual(["widget 0: height 1001"])
  })

  it("a metric widget needs a region and a period in whole minutes; a text widget some markdown", () => {
    expect(violations([metric(1, {}, { period: 60 })])).toEqual([])
    expect(violations([metric(1, {}, { region: "" })])).toEqual(["widget 0: no region"])
    expect(violations([metric(1, {}, { period: 90 })])).toEqual(["widget 0: period not a multiple of 60"])
    expect(violations([text({ properties: { markdown: "" } })])).toEqual(["widget 0: empty markdown"])
  })

  it("names every violation, of every widget", () => {
    expect(violations([text({ height: 0, x: 30 }), metric(1, {}, { region: "", period: 1 })], "")).toEqual([
      'name "" is not 1–255 of A-Z a-z 0-9 - _',
      "widget 0: bad position 30,0 24",
      "widget 0: height 0",
      "widget 1: no region",
      "widget 1: period not a multiple of 60"
    ])
  })
})
