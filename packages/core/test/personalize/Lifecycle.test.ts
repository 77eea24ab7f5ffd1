import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { fold } from "../../src/kernel/Decider.ts"
import {
  type DeletableKind,
  kindTraits,
  type LifecycleCommand,
  type LifecycleEvent,
  lifecycleDecider,
  normaliseStatus,
  type ResourceKind,
  ResourceKinds,
  type Status
} from "../../src/personalize/index.ts"

// given (events so far) / when (command) / then (events or the illegal transition)
const given = (kind: ResourceKind, statuses: ReadonlyArray<Status>) => {
  const decider = lifecycleDecider(kind)
  const events: Array<LifecycleEvent> = statuses.map((to, i) => ({
    _tag: "StatusObserved",
    from: i === 0 ? undefined : statuses[i - 1],
    to,
    at: i
  }))
  const state = fold(decider, events)
  return {
    when: (command: LifecycleCommand) => decider.decide(command, state),
    state
  }
}
const observe = (status: Status): LifecycleCommand => ({ _tag: "Observe", status, at: 100 })
const toStatuses = (r: Result.Result<ReadonlyArray<LifecycleEvent>, unknown>) =>
  Result.isSuccess(r) ? r.success.flatMap((e) => (e._tag === "StatusObserved" ? [e.to] : [e._tag])) : "illegal"

const standard: ReadonlyArray<ResourceKind> = ["Dataset", "EventTracker", "Filter", "Solution", "Campaign"]
const jobs: ReadonlyArray<ResourceKind> = ["DatasetImportJob", "BatchInferenceJob", "BatchSegmentJob"]

describe("status spellings", () => {
  it.each([
    ["CREATE IN_PROGRESS", "CREATE_IN_PROGRESS"],
    ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS"],
    ["CREATE PENDING", "CREATE_PENDING"],
    ["PENDING", "CREATE_PENDING"],
    ["IN PROGRESS", "CREATE_IN_PROGRESS"],
    ["CREATE FAILED", "CREATE_FAILED"],
    ["CREATE STOPPING", "CREATE_STOPPING"],
    ["CREATE_STOPPED", "CREATE_STOPPED"],
    ["DELETE PENDING", "DELETE_PENDING"],
    ["active", "ACTIVE"],
    ["INACTIVE", "INACTIVE"]
  ])("%s → %s", (raw, status) => expect(normaliseStatus(raw)).toBe(status))
  it("unknown spelling is undefined, not a guess", () => expect(normaliseStatus("DONE")).toBeUndefined())
})

describe("create lifecycle (every kind with a status)", () => {
  for (const kind of ResourceKinds.filter((k) => kindTraits[k].hasStatus)) {
    it(`${kind}: create → CREATE_PENDING → IN_PROGRESS → ACTIVE`, () => {
      expect(toStatuses(given(kind, []).when({ _tag: "RequestCreate", at: 0 }))).toEqual([
        "Requested",
        "CREATE_PENDING"
      ])
      expect(toStatuses(given(kind, ["CREATE_PENDING"]).when(observe("CREATE_IN_PROGRESS")))).toEqual([
        "CREATE_IN_PROGRESS"
      ])
      expect(toStatuses(given(kind, ["CREATE_PENDING", "CREATE_IN_PROGRESS"]).when(observe("ACTIVE")))).toEqual([
        "ACTIVE"
      ])
      expect(toStatuses(given(kind, ["CREATE_PENDING", "CREATE_IN_PROGRESS"]).when(observe("CREATE_FAILED")))).toEqual([
        "CREATE_FAILED"
      ])
    })
    it(`${kind}: a missed intermediate status is fine; going back is illegal; a second create is illegal`, () => {
      expect(toStatuses(given(kind, ["CREATE_PENDING"]).when(observe("ACTIVE")))).toEqual(["ACTIVE"])
      expect(toStatuses(given(kind, ["CREATE_PENDING", "ACTIVE"]).when(observe("CREATE_IN_PROGRESS")))).toBe("illegal")
      expect(toStatuses(given(kind, ["CREATE_PENDING", "CREATE_FAILED"]).when(observe("ACTIVE")))).toBe("illegal")
      expect(toStatuses(given(kind, ["ACTIVE"]).when({ _tag: "RequestCreate", at: 1 }))).toBe("illegal")
      expect(toStatuses(given(kind, ["ACTIVE"]).when(observe("ACTIVE")))).toEqual([])
    })
  }
})

describe("delete", () => {
  for (const kind of standard) {
    it(`${kind}: ACTIVE → DELETE_PENDING → DELETE_IN_PROGRESS → gone`, () => {
      expect(toStatuses(given(kind, ["ACTIVE"]).when({ _tag: "RequestDelete", at: 1 }))).toEqual([
        "Requested",
        "DELETE_PENDING"
      ])
      expect(toStatuses(given(kind, ["ACTIVE", "DELETE_PENDING"]).when(observe("DELETE_IN_PROGRESS")))).toEqual([
        "DELETE_IN_PROGRESS"
      ])
      expect(toStatuses(given(kind, ["ACTIVE", "DELETE_PENDING"]).when({ _tag: "ObserveGone", at: 2 }))).toEqual([
        "Removed"
      ])
      expect(toStatuses(given(kind, ["CREATE_IN_PROGRESS"]).when({ _tag: "RequestDelete", at: 1 }))).toBe("illegal")
    })
  }
  it("DatasetGroup has no DELETE IN_PROGRESS", () => {
    expect(toStatuses(given("DatasetGroup", ["ACTIVE", "DELETE_PENDING"]).when(observe("DELETE_IN_PROGRESS")))).toBe(
      "illegal"
    )
  })
  for (const kind of [...jobs, "SolutionVersion" as const]) {
    it(`${kind} cannot be deleted`, () =>
      expect(toStatuses(given(kind, ["ACTIVE"]).when({ _tag: "RequestDelete", at: 1 }))).toBe("illegal"))
  }
  it("Schema has no status: created ACTIVE, deleted at once", () => {
    expect(toStatuses(given("Schema", []).when({ _tag: "RequestCreate", at: 0 }))).toEqual(["Requested", "ACTIVE"])
    expect(toStatuses(given("Schema", ["ACTIVE"]).when({ _tag: "RequestDelete", at: 0 }))).toEqual([
      "Requested",
      "Removed"
    ])
  })
  it("DeletableKind matches the traits table", () => {
    const deletable: ReadonlyArray<DeletableKind> = [
      "DatasetGroup",
      "Schema",
      "Dataset",
      "EventTracker",
      "Filter",
      "Solution",
      "Campaign",
      "Recommender"
    ]
    expect(ResourceKinds.filter((k) => kindTraits[k].deletable)).toEqual(deletable)
  })
})

describe("solution version stop", () => {
  it("CREATE_PENDING → CREATE_STOPPED", () =>
    expect(toStatuses(given("SolutionVersion", ["CREATE_PENDING"]).when({ _tag: "RequestStop", at: 1 }))).toEqual([
      "Requested",
      "CREATE_STOPPED"
    ]))
  it("CREATE_IN_PROGRESS → CREATE_STOPPING → CREATE_STOPPED, no resume", () => {
    expect(toStatuses(given("SolutionVersion", ["CREATE_IN_PROGRESS"]).when({ _tag: "RequestStop", at: 1 }))).toEqual([
      "Requested",
      "CREATE_STOPPING"
    ])
    expect(toStatuses(given("SolutionVersion", ["CREATE_STOPPING"]).when(observe("CREATE_STOPPED")))).toEqual([
      "CREATE_STOPPED"
    ])
    expect(toStatuses(given("SolutionVersion", ["CREATE_STOPPED"]).when(observe("ACTIVE")))).toBe("illegal")
  })
  it("an ACTIVE version cannot be stopped; other kinds cannot stop", () => {
    expect(toStatuses(given("SolutionVersion", ["ACTIVE"]).when({ _tag: "RequestStop", at: 1 }))).toBe("illegal")
    expect(toStatuses(given("Campaign", ["ACTIVE"]).when({ _tag: "RequestStop", at: 1 }))).toBe("illegal")
  })
})

describe("recommender stop/start", () => {
  it("ACTIVE → STOP_PENDING → STOP_IN_PROGRESS → INACTIVE → START_PENDING → START_IN_PROGRESS → ACTIVE", () => {
    expect(toStatuses(given("Recommender", ["ACTIVE"]).when({ _tag: "RequestStop", at: 1 }))).toEqual([
      "Requested",
      "STOP_PENDING"
    ])
    expect(toStatuses(given("Recommender", ["STOP_PENDING"]).when(observe("INACTIVE")))).toEqual(["INACTIVE"])
    expect(toStatuses(given("Recommender", ["INACTIVE"]).when({ _tag: "RequestStart", at: 1 }))).toEqual([
      "Requested",
      "START_PENDING"
    ])
    expect(toStatuses(given("Recommender", ["START_PENDING"]).when(observe("ACTIVE")))).toEqual(["ACTIVE"])
  })
  it("start only from INACTIVE, stop only from ACTIVE", () => {
    expect(toStatuses(given("Recommender", ["ACTIVE"]).when({ _tag: "RequestStart", at: 1 }))).toBe("illegal")
    expect(toStatuses(given("Recommender", ["INACTIVE"]).when({ _tag: "RequestStop", at: 1 }))).toBe("illegal")
    expect(toStatuses(given("Campaign", ["INACTIVE"]).when({ _tag: "RequestStart", at: 1 }))).toBe("illegal")
  })
})
