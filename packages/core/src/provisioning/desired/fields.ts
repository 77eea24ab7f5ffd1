import type { Tag } from "../../config/Deployment.ts"
import type { ResourceArn } from "../../personalize/Arn.ts"
import type { ArnOf, DesiredField, ResourceKey } from "../DesiredResource.ts"

/** Personalize names are at most 63 characters. */
export const truncate = (name: string) => name.slice(0, 63)
/** A dependency's ARN, or a `pending:` placeholder while it does not exist yet. */
export const arn = (arnOf: ArnOf, key: ResourceKey) => arnOf(key) ?? (`pending:${key}` as ResourceArn)
/** A field no UpdateX call can change. */
export const fixed = (value: unknown): DesiredField => ({ value, updatable: false })
/** A boolean flag the service may leave out of a description when it is at its default. */
export const flag = (value: boolean | undefined, serviceDefault: boolean, updatable = false): DesiredField => ({
  value: value ?? serviceDefault,
  updatable,
  absent: serviceDefault
})
/** A field UpdateX changes; `subset` compares only the keys the config sets. */
export const changeable = (value: unknown, subset = false): DesiredField => ({ value, updatable: true, subset })
/** The `tags` request field, absent when there are none. */
export const tagsOf = (tags: ReadonlyArray<Tag>) => (tags.length === 0 ? {} : { tags })
/** `{ [key]: value }` when the value is set, `{}` otherwise (optional request fields). */
export const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
