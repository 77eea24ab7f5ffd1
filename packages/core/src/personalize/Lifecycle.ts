import { Result, Schema } from "effect"
import type { Decider } from "../kernel/Decider.ts"
import { makeEventCodec } from "../kernel/EventCodec.ts"
import { kindTable, offers, type ResourceKind, resourceKinds } from "./ResourceKind.ts"
import { canMove, type Status, statuses } from "./Status.ts"

/** A resource came into existence (CreateX succeeded). */
export const ResourceCreated = Schema.TaggedStruct("ResourceCreated", {
  kind: Schema.Literals(resourceKinds),
  arn: Schema.String,
  name: Schema.String,
  at: Schema.Number
})
/** The resource's status moved (observed, or requested by delete / stop / start). */
export const StatusChanged = Schema.TaggedStruct("StatusChanged", {
  from: Schema.Literals(statuses),
  to: Schema.Literals(statuses),
  failureReason: Schema.optionalKey(Schema.String),
  at: Schema.Number
})
export const LifecycleEvent = Schema.Union([ResourceCreated, StatusChanged])
export type LifecycleEvent = typeof LifecycleEvent.Type
export const lifecycleCodec = makeEventCodec(LifecycleEvent)

export type LifecycleCommand =
  | {
      readonly _tag: "RecordCreated"
      readonly kind: ResourceKind
      readonly arn: string
      readonly name: string
      readonly at: number
    }
  | { readonly _tag: "RecordStatus"; readonly status: Status; readonly failureReason?: string; readonly at: number }
  | { readonly _tag: "RequestDelete"; readonly at: number }
  | { readonly _tag: "RequestStop"; readonly at: number }
  | { readonly _tag: "RequestStart"; readonly at: number }

export type LifecycleState =
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Present"; readonly kind: ResourceKind; readonly arn: string; readonly status: Status }

/** A command that the resource's current state does not allow. */
export class IllegalTransition extends Schema.TaggedError<IllegalTransition>()("IllegalTransition", {
  command: Schema.String,
  from: Schema.String,
  detail: Schema.String
}) {}

const initialStatus = (kind: ResourceKind): Status =>
  kindTable[kind].statusFamily === "none" ? "ACTIVE" : "CREATE PENDING"

// Where each request may start from and where it moves the resource (aws-facts §1.3).
const requestMoves = (
  command: "RequestDelete" | "RequestStop" | "RequestStart",
  kind: ResourceKind
): { readonly verb: "delete" | "stop" | "start"; readonly moves: { readonly [from in Status]?: Status } } => {
  switch (command) {
    case "RequestDelete":
      return {
        verb: "delete",
        moves: { ACTIVE: "DELETE PENDING", "CREATE FAILED": "DELETE PENDING", INACTIVE: "DELETE PENDING" }
      }
    case "RequestStop":
      return kind === "recommender"
        ? { verb: "stop", moves: { ACTIVE: "STOP PENDING" } }
        : { verb: "stop", moves: { "CREATE PENDING": "CREATE STOPPED", "CREATE IN_PROGRESS": "CREATE STOPPING" } }
    case "RequestStart":
      return { verb: "start", moves: { INACTIVE: "START PENDING" } }
  }
}

/**
 * The status lifecycle of one resource (aws-facts §1.2–1.3) as a decider: observations that skip
 * statuses a poll missed are legal, a status going backwards is an `IllegalTransition`, and
 * delete / stop / start are allowed only from the statuses and for the kinds the API allows.
 */
export const lifecycleDecider: Decider<LifecycleCommand, LifecycleEvent, LifecycleState, IllegalTransition> = {
  initialState: { _tag: "Absent" },
  evolve: (state, event) => {
    switch (event._tag) {
      case "ResourceCreated":
        return { _tag: "Present", kind: event.kind, arn: event.arn, status: initialStatus(event.kind) }
      case "StatusChanged":
        return state._tag === "Present" ? { ...state, status: event.to } : state
    }
  },
  decide: (command, state) => {
    const illegal = (detail: string) =>
      Result.fail(
        new IllegalTransition({
          command: command._tag,
          from: state._tag === "Present" ? state.status : "Absent",
          detail
        })
      )
    if (command._tag === "RecordCreated") {
      return state._tag === "Absent"
        ? Result.succeed([
            ResourceCreated.make({ kind: command.kind, arn: command.arn, name: command.name, at: command.at })
          ])
        : illegal(`${state.arn} already exists`)
    }
    if (state._tag === "Absent") return illegal("the resource does not exist")
    const family = kindTable[state.kind].statusFamily
    if (command._tag === "RecordStatus") {
      if (command.status === state.status) return Result.succeed([])
      if (!canMove(family, state.status, command.status)) {
        return illegal(`a ${state.kind} cannot go from ${state.status} to ${command.status}`)
      }
      return Result.succeed([
        StatusChanged.make({
          from: state.status,
          to: command.status,
          at: command.at,
          ...(command.failureReason === undefined ? {} : { failureReason: command.failureReason })
        })
      ])
    }
    const request = requestMoves(command._tag, state.kind)
    if (!offers(state.kind, request.verb)) return illegal(`the API offers no ${request.verb} for a ${state.kind}`)
    const to = request.moves[state.status]
    if (to === undefined || !canMove(family, state.status, to)) {
      return illegal(`${request.verb} is not allowed for a ${state.kind} in ${state.status}`)
    }
    return Result.succeed([StatusChanged.make({ from: state.status, to, at: command.at })])
  }
}
