import type { SchemaSpec } from "../../config/Deployment.ts"
import { canonicalSchema } from "../canonical.ts"
import { type DesiredResource, resourceKey } from "../DesiredResource.ts"
import { fixed, optional } from "./fields.ts"

/** A dataset schema (account-wide, shared by name between datasets). */
export const desiredSchema = (schema: SchemaSpec): DesiredResource => ({
  key: resourceKey("Schema", schema.name),
  kind: "Schema",
  name: schema.name,
  dependsOn: [],
  fields: () => ({ schema: fixed(canonicalSchema(schema.avro)), domain: fixed(schema.domain ?? null) }),
  createInput: () => ({
    kind: "Schema",
    name: schema.name,
    schema: schema.avro,
    ...optional("domain", schema.domain)
  })
})
