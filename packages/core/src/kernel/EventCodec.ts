import { Result, Schema, SchemaIssue } from "effect"
import { EventDecodeFailure } from "./errors.ts"
import type { EventMetadata } from "./Metadata.ts"
import type { NewEvent, StoredEvent } from "./StoredEvent.ts"

/** Lifts the data of an older event version one step up (from `fromVersion` to `fromVersion + 1`). */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly upcast: (data: Record<string, unknown>) => Record<string, unknown>
}

/**
 * How a domain's events are stored: a Schema of the tagged union, the current schema version of each
 * event type (default 1) and upcasters that lift older stored versions to the current one.
 */
export interface EventCodec<E extends { readonly _tag: string }> {
  readonly schema: Schema.Codec<E, unknown>
  readonly versions: { readonly [tag: string]: number }
  readonly upcasters: ReadonlyArray<Upcaster>
}

/** Builds a codec from an event schema, with optional per-type versions and upcasters. */
export const makeEventCodec = <E extends { readonly _tag: string }>(
  schema: Schema.Codec<E, unknown>,
  options: { readonly versions?: { readonly [tag: string]: number }; readonly upcasters?: ReadonlyArray<Upcaster> } = {}
): EventCodec<E> => ({ schema, versions: options.versions ?? {}, upcasters: options.upcasters ?? [] })

const currentVersion = (codec: EventCodec<{ readonly _tag: string }>, type: string) => codec.versions[type] ?? 1

const formatIssue = SchemaIssue.makeFormatterDefault()

/** Encodes a domain event for appending. */
export const encodeEvent = <E extends { readonly _tag: string }>(
  codec: EventCodec<E>,
  event: E,
  metadata: EventMetadata
): NewEvent => ({
  type: event._tag,
  schemaVersion: currentVersion(codec, event._tag),
  data: Schema.encodeSync(codec.schema)(event),
  metadata
})

/** Decodes a stored event, upcasting older schema versions first. */
export const decodeEvent = <E extends { readonly _tag: string }>(
  codec: EventCodec<E>,
  stored: StoredEvent
): Result.Result<E, EventDecodeFailure> => {
  const fail = (reason: string) =>
    Result.fail(new EventDecodeFailure({ stream: stored.stream, version: stored.version, type: stored.type, reason }))
  if (typeof stored.data !== "object" || stored.data === null) return fail("event data is not an object")
  let data = stored.data as Record<string, unknown>
  const target = currentVersion(codec, stored.type)
  for (let v = stored.schemaVersion; v < target; v++) {
    const upcaster = codec.upcasters.find((u) => u.type === stored.type && u.fromVersion === v)
    if (upcaster === undefined) return fail(`no upcaster from version ${v} to ${v + 1}`)
    // An upcaster meets data written long ago; if it throws, that is this event's decode failure, not a crash.
    try {
      data = upcaster.upcast(data)
    } catch (cause) {
      return fail(`upcaster from version ${v} failed: ${cause instanceof Error ? cause.message : String(cause)}`)
    }
  }
  if (stored.schemaVersion > target) return fail(`schema version ${stored.schemaVersion} is newer than ${target}`)
  const decoded = Schema.decodeUnknownResult(codec.schema)({ ...data, _tag: stored.type })
  return Result.isSuccess(decoded) ? Result.succeed(decoded.success) : fail(formatIssue(decoded.failure.issue))
}
