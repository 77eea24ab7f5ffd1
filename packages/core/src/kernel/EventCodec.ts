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

type Decoder = (input: unknown) => Result.Result<unknown, Schema.SchemaError>

/** The literal `_tag` a struct member of a union declares, if it declares one. */
const tagOf = (ast: SchemaAST.AST): string | undefined => {
  if (!SchemaAST.isObjects(ast)) return undefined
  const tag = ast.propertySignatures.find((p) => p.name === "_tag")?.type
  return tag !== undefined && SchemaAST.isLiteral(tag) && typeof tag.literal === "string" ? tag.literal : undefined
}

/** What a plain reader gives when it cannot tell: the Schema decodes the value instead. */
const unread: unique symbol = Symbol("unread")

/** Reads a value of a plain schema, giving what its decoding gives, or `unread`. */
type PlainReader = (value: unknown) => unknown

const plainKeywords = (ast: SchemaAST.AST): PlainReader | undefined => {
  if (SchemaAST.isString(ast)) return (v) => (typeof v === "string" ? v : unread)
  if (SchemaAST.isNumber(ast)) return (v) => (typeof v === "number" ? v : unread)
  if (SchemaAST.isBoolean(ast)) return (v) => (typeof v === "boolean" ? v : unread)
  if (SchemaAST.isNull(ast)) return (v) => (v === null ? v : unread)
  if (SchemaAST.isLiteral(ast)) return (v) => (v === ast.literal ? v : unread)
  if (SchemaAST.isUnknown(ast) || SchemaAST.isAny(ast)) return (v) => v
  return undefined
}

const isRecordLike = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

/** A struct of plain fields: the declared fields, in their order (others dropped, as decoding drops them). */
const plainStruct = (ast: SchemaAST.Objects): PlainReader | undefined => {
  const fields = ast.propertySignatures.map((p) => ({
    name: p.name,
    optional: p.type.context?.isOptional === true,
    read: plainReader(p.type)
  }))
  if (fields.some((f) => typeof f.name !== "string" || f.read === undefined)) return undefined
  return (v) => {
    if (!isRecordLike(v)) return unread
    const out: Record<string, unknown> = {}
    for (const f of fields) {
      const name = f.name as string
      if (!Object.hasOwn(v, name)) {
        if (f.optional) continue
        return unread
      }
      const x = (f.read as PlainReader)(v[name])
      if (x === unread) return unread
      out[name] = x
    }
    return out
  }
}

/** A record of string keys to plain values (a `__proto__` key is left to the Schema). */
const plainRecord = (index: SchemaAST.IndexSignature): PlainReader | undefined => {
  const read =
    SchemaAST.isString(index.parameter) && index.parameter.checks === undefined ? plainReader(index.type) : undefined
  if (read === undefined) return undefined
  return (v) => {
    if (!isRecordLike(v)) return unread
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(v)) {
      const x = key === "__proto__" ? unread : read(v[key])
      if (x === unread) return unread
      out[key] = x
    }
    return out
  }
}

/**
 * A reader for a schema of plain data (strings, numbers, booleans, null, literals, unknown, structs of those
 * and string-keyed records of them; no checks, no transformations), or none. It gives exactly what decoding
 * gives or `unread` (a missing or mistyped field, an undefined value, anything unusual), never a wrong value.
 */
const plainReader = (ast: SchemaAST.AST): PlainReader | undefined => {
  if (ast.checks !== undefined || ast.encoding !== undefined) return undefined
  if (!SchemaAST.isObjects(ast)) return plainKeywords(ast)
  const [index, ...more] = ast.indexSignatures
  if (index === undefined) return ast.propertySignatures.length > 0 ? plainStruct(ast) : undefined
  return ast.propertySignatures.length === 0 && more.length === 0 ? plainRecord(index) : undefined
}

/**
 * How a codec decodes: the whole schema's decoder, and for a union of structs each with its own `_tag`
 * literal, each member's decoder by that tag (and a plain reader where the member is plain data). A stored
 * event names its type, so it is decoded by its member alone: the union would pick the same single member
 * (its sentinel), but through the union's machinery, at several times the cost; a plain reader is cheaper
 * again (reading a ledger decodes every ResourceReady of the stream). Built once per schema.
 */
interface Decoders {
  readonly whole: Decoder
  readonly byTag: ReadonlyMap<string, Decoder>
  readonly plainByTag: ReadonlyMap<string, PlainReader>
}

const decodersOf = new WeakMap<SchemaAST.AST, Decoders>()

/** A union (without checks or a transformation of its own) of structs each told apart by its own tag. */
const taggedMembers = (ast: SchemaAST.AST): ReadonlyMap<string, SchemaAST.AST> => {
  const byTag = new Map<string, SchemaAST.AST>()
  if (!SchemaAST.isUnion(ast) || ast.checks !== undefined || ast.encoding !== undefined) return byTag
  for (const member of ast.types) {
    const tag = tagOf(member)
    if (tag === undefined || byTag.has(tag)) return new Map()
    byTag.set(tag, member)
  }
  return byTag
}

const decoders = (schema: Schema.Codec<unknown, unknown>): Decoders => {
  const found = decodersOf.get(schema.ast)
  if (found !== undefined) return found
  const byTag = new Map<string, Decoder>()
  const plainByTag = new Map<string, PlainReader>()
  for (const [tag, member] of taggedMembers(schema.ast)) {
    byTag.set(tag, Schema.decodeUnknownResult(Schema.make<Schema.Codec<unknown, unknown>>(member)))
    const plain = plainReader(member)
    if (plain !== undefined) plainByTag.set(tag, plain)
  }
  const built: Decoders = { whole: Schema.decodeUnknownResult(schema), byTag, plainByTag }
  decodersOf.set(schema.ast, built)
  return built
}

/**
 * Decodes `input` of type `type` as the whole schema would: by its member when the tag names one (a member's
 * failure is decoded again by the whole schema, so the reason is the one the union gives).
 */
const decodeTagged = (schema: Schema.Codec<unknown, unknown>, type: string, input: unknown) => {
  const { whole, byTag, plainByTag } = decoders(schema)
  const plain = plainByTag.get(type)?.(input) ?? unread
  if (plain !== unread) return Result.succeed(plain)
  const member = byTag.get(type)
  if (member !== undefined) {
    const decoded = member(input)
    if (Result.isSuccess(decoded)) return decoded
  }
  return whole(input)
}

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
  const decoded = decodeTagged(codec.schema, stored.type, { ...data, _tag: stored.type })
  return Result.isSuccess(decoded) ? Result.succeed(decoded.success as E) : fail(formatIssue(decoded.failure.issue))
}
