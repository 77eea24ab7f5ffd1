import { Result, Schema, SchemaAST, SchemaIssue } from "effect"
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

/** No node of the AST has checks (a Suspend, which could recurse, counts as having some). */
const unchecked = (ast: SchemaAST.AST): boolean => {
  if (ast.checks !== undefined || SchemaAST.isSuspend(ast)) return false
  if (SchemaAST.isUnion(ast)) return ast.types.every(unchecked)
  if (SchemaAST.isArrays(ast)) return ast.elements.every(unchecked) && ast.rest.every(unchecked)
  if (SchemaAST.isObjects(ast))
    return ast.propertySignatures.every((p) => unchecked(p.type)) && ast.indexSignatures.every((i) => unchecked(i.type))
  if (SchemaAST.isDeclaration(ast)) return false
  return true
}

const encodesAsItself = new WeakMap<SchemaAST.AST, boolean>()

/**
 * The schema's encoded form is its type, unchanged and unchecked (plain fields: strings, numbers, records
 * of unknown): encoding a typed event can only give the event back, so it is not run for each event.
 */
const isEncodedAsItself = (ast: SchemaAST.AST): boolean => {
  let plain = encodesAsItself.get(ast)
  if (plain === undefined) {
    plain = SchemaAST.toEncoded(ast) === ast && unchecked(ast)
    encodesAsItself.set(ast, plain)
  }
  return plain
}

/**
 * Encodes a domain event for appending. A codec whose events encode as themselves (no transformation, no
 * checks) stores the event as it is: the store keeps its own copy, and decoding checks it on the way back.
 */
export const encodeEvent = <E extends { readonly _tag: string }>(
  codec: EventCodec<E>,
  event: E,
  metadata: EventMetadata
): NewEvent => ({
  type: event._tag,
  schemaVersion: currentVersion(codec, event._tag),
  data: isEncodedAsItself(codec.schema.ast) ? event : Schema.encodeSync(codec.schema)(event),
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
