import { type Config, Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"

/** aws-facts §1.1 / §1.5: 50 tag keys per resource; keys 1–128 and values 0–256 characters of a fixed set. */
const tagLimits = { keysPerResource: 50, keyLength: 128, valueLength: 256 } as const

const tagText = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u

const noTags: Readonly<Record<string, string>> = {}

/**
 * Checks tags about to be added to a resource that already has `existing`: a bad key or value is an
 * InvalidInput on `tags[i].tagKey` / `.tagValue`; more than 50 keys in all is an InvalidInput on `tags`
 * (the server answers it as TooManyTagsException).
 */
export const checkTags = (
  kind: P.ResourceKind,
  tags: ReadonlyArray<Config.Tag>,
  existing: Readonly<Record<string, string>> = noTags
): Effect.Effect<void, P.InvalidInput> => {
  for (let i = 0; i < tags.length; i++) {
    const { tagKey, tagValue } = tags[i] as Config.Tag
    if (tagKey.length < 1 || tagKey.length > tagLimits.keyLength || !tagText.test(tagKey))
      return Effect.fail(
        new P.InvalidInput({
          kind,
          field: `tags[${i}].tagKey`,
          message: `tag key "${tagKey}" must be 1–${tagLimits.keyLength} letters, digits, spaces or _.:/=+-@`
        })
      )
    if (tagValue.length > tagLimits.valueLength || !tagText.test(tagValue))
      return Effect.fail(
        new P.InvalidInput({
          kind,
          field: `tags[${i}].tagValue`,
          message: `tag value of "${tagKey}" must be 0–${tagLimits.valueLength} letters, digits, spaces or _.:/=+-@`
        })
      )
  }
  // Most creates have no tags: the keys are then the existing ones (no set to build).
  const count =
    tags.length === 0
      ? Object.keys(existing).length
      : new Set([...Object.keys(existing), ...tags.map((t) => t.tagKey)]).size
  return count > tagLimits.keysPerResource
    ? Effect.fail(
        new P.InvalidInput({
          kind,
          field: "tags",
          message: `The resource would have ${count} tag keys; at most ${tagLimits.keysPerResource} are allowed.`
        })
      )
    : Effect.void
}

/** UntagResource takes at most 50 keys (TooManyTagKeysException). */
export const checkTagKeys = (kind: P.ResourceKind, keys: ReadonlyArray<string>): Effect.Effect<void, P.InvalidInput> =>
  keys.length > tagLimits.keysPerResource
    ? Effect.fail(
        new P.InvalidInput({
          kind,
          field: "tagKeys",
          message: `at most ${tagLimits.keysPerResource} tag keys per request, got ${keys.length}`
        })
      )
    : Effect.void
