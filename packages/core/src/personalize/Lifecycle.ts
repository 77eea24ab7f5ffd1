import { Result, Schema } from "effect"
import type { Decider } from "../kernel/Decider.ts"
import { kindTraits, type ResourceKind } from "./ResourceKind.ts"
import type { Status } from "./Status.ts"

/** A resource's lifecycle state as we know it: absent, present with a status, or deleted. */
export type LifecycleState =
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Present"; readonly status: Status; readonly failureReason?: string; readonly since: number }
  | { readonly _tag: "Deleted"; readonly at: number }

export type LifecycleCommand =
  | { readonly _tag: "RequestCreate"; readonly at: number }
  | { readonly _tag: "Observe"; readonly status: Status; readonly failureReason?: string; readonly at: number }
  | { readonly _tag: "ObserveGone"; readonly at: number }
  | { readonly _tag: "RequestStop"; readonly at: number }
  | { readonly _tag: "RequestStart"; readonly at: number }
  | { readonly _tag: "RequestDelete"; readonly at: number }

export type LifecycleEvent =
  | { readonly _tag: "Requested"; readonly operation: "create" | "stop" | "start" | "delete"; readonly at: number }
  | {
      readonly _tag: "StatusObserved"
      readonly from: Status | undefined
      readonly to: Status
      readonly failureReason?: string
      readonly at: number
    }
  | { readonly _tag: "Removed"; readonly at: number }

/** A transition the service would never make, or an operation the kind does not offer in this state. */
export class IllegalTransition extends Schema.TaggedError<IllegalTransition>()("IllegalTransition", {
  kind: Schema.String,
  from: Schema.String,
  to: Schema.String
}) {
  override get message() {
    return `${this.kind}: ${this.from} → ${this.to} is not a transition Personalize makes`
  }
}

type Graph = { readonly [S in Status]?: ReadonlyArray<Status> }

const create: Graph = {
  CREATE_PENDING: ["CREATE_IN_PROGRESS", "CREATE_FAILED"],
  CREATE_IN_PROGRESS: ["ACTIVE", "CREATE_FAILED"]
}
const del: Graph = {
  ACTIVE: ["DELETE_PENDING"],
  CREATE_FAILED: ["DELETE_PENDING"],
  DELETE_PENDING: ["DELETE_IN_PROGRESS"]
}
const merge = (...graphs: ReadonlyArray<Graph>): Graph => {
  const out: { [S in Status]?: Array<Status> } = {}
  for (const g of graphs)
    for (const [from, tos] of Object.entries(g) as Array<[Status, ReadonlyArray<Status>]>)
      out[from] = [...(out[from] ?? []), ...tos]
  return out
}

/** aws-facts §1.2/§1.3: the status graph of each kind (edges the service makes by itself or on request). */
export const lifecycleGraph: { readonly [K in ResourceKind]: Graph } = {
  // No DELETE IN_PROGRESS is documented for dataset groups: DELETE PENDING then gone.
  DatasetGroup: merge(create, { ACTIVE: ["DELETE_PENDING"], CREATE_FAILED: ["DELETE_PENDING"] }),
  Schema: {},
  Dataset: merge(create, del),
  DatasetImportJob: create,
  EventTracker: merge(create, del),
  Filter: merge(create, del),
  Solution: merge(create, del),
  SolutionVersion: merge(create, {
    CREATE_PENDING: ["CREATE_STOPPED"],
    CREATE_IN_PROGRESS: ["CREATE_STOPPING"],
    CREATE_STOPPING: ["CREATE_STOPPED"]
  }),
  Campaign: merge(create, del),
  Recommender: merge(create, del, {
    ACTIVE: ["STOP_PENDING"],
    STOP_PENDING: ["STOP_IN_PROGRESS"],
    STOP_IN_PROGRESS: ["INACTIVE"],
    INACTIVE: ["START_PENDING", "DELETE_PENDING"],
    START_PENDING: ["START_IN_PROGRESS"],
    START_IN_PROGRESS: ["ACTIVE"]
  }),
  BatchInferenceJob: create,
  BatchSegmentJob: create
}

/** Whether `to` is reachable from `from` in the kind's graph (polling may miss intermediate statuses). */
export const reachable = (kind: ResourceKind, from: Status, to: Status): boolean => {
  const graph = lifecycleGraph[kind]
  const seen = new Set<Status>()
  const queue: Array<Status> = [from]
  while (queue.length > 0) {
    const next = queue.shift() as Status
    for (const s of graph[next] ?? []) {
      if (s === to) return true
      if (!seen.has(s)) {
        seen.add(s)
        queue.push(s)
      }
    }
  }
  return false
}

/** The status a create starts in; Schema has no status and is usable at once. */
export const initialStatus = (kind: ResourceKind): Status => (kindTraits[kind].hasStatus ? "CREATE_PENDING" : "ACTIVE")

const stateName = (s: LifecycleState): string => (s._tag === "Present" ? s.status : s._tag.toUpperCase())

/** The lifecycle decider of one kind: which requests and observations are legal in which status. */
export const lifecycleDecider = (
  kind: ResourceKind
): Decider<LifecycleCommand, LifecycleEvent, LifecycleState, IllegalTransition> => {
  const traits = kindTraits[kind]
  const illegal = (state: LifecycleState, to: string) =>
    Result.fail(new IllegalTransition({ kind, from: stateName(state), to }))
  const requestTo = (state: LifecycleState, to: Status, op: "stop" | "start" | "delete", at: number) =>
    state._tag === "Present" && (lifecycleGraph[kind][state.status] ?? []).includes(to)
      ? Result.succeed<ReadonlyArray<LifecycleEvent>>([
          { _tag: "Requested", operation: op, at },
          { _tag: "StatusObserved", from: state.status, to, at }
        ])
      : illegal(state, to)
  return {
    initialState: { _tag: "Absent" },
    decide: (command, state) => {
      switch (command._tag) {
        case "RequestCreate":
          return state._tag === "Present"
            ? illegal(state, "CREATE_PENDING")
            : Result.succeed([
                { _tag: "Requested", operation: "create", at: command.at },
                { _tag: "StatusObserved", from: undefined, to: initialStatus(kind), at: command.at }
              ])
        case "Observe": {
          if (state._tag === "Deleted") return illegal(state, command.status)
          const from = state._tag === "Present" ? state.status : undefined
          if (from === command.status) return Result.succeed([])
          // First sighting of a resource someone else created: any status is plausible.
          if (from === undefined || reachable(kind, from, command.status))
            return Result.succeed([
              {
                _tag: "StatusObserved",
                from,
                to: command.status,
                at: command.at,
                ...(command.failureReason === undefined ? {} : { failureReason: command.failureReason })
              }
            ])
          return illegal(state, command.status)
        }
        case "ObserveGone":
          return state._tag === "Present" ? Result.succeed([{ _tag: "Removed", at: command.at }]) : Result.succeed([])
        case "RequestStop":
          if (!traits.stoppable) return illegal(state, "STOP")
          if (kind === "SolutionVersion" && state._tag === "Present")
            return requestTo(
              state,
              state.status === "CREATE_PENDING" ? "CREATE_STOPPED" : "CREATE_STOPPING",
              "stop",
              command.at
            )
          return requestTo(state, "STOP_PENDING", "stop", command.at)
        case "RequestStart":
          return traits.startable ? requestTo(state, "START_PENDING", "start", command.at) : illegal(state, "START")
        case "RequestDelete":
          if (!traits.deletable) return illegal(state, "DELETE")
          // Schema has no status: deleting it removes it at once.
          if (!traits.hasStatus)
            return state._tag === "Present"
              ? Result.succeed([
                  { _tag: "Requested", operation: "delete", at: command.at },
                  { _tag: "Removed", at: command.at }
                ])
              : illegal(state, "DELETE")
          return requestTo(state, "DELETE_PENDING", "delete", command.at)
      }
    },
    evolve: (state, event) => {
      switch (event._tag) {
        case "Requested":
          return state
        case "StatusObserved":
          return {
            _tag: "Present",
            status: event.to,
            since: event.at,
            ...(event.failureReason === undefined ? {} : { failureReason: event.failureReason })
          }
        case "Removed":
          return { _tag: "Deleted", at: event.at }
      }
    }
  }
}
