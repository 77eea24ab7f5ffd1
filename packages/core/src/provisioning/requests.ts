import type { ResourceArn } from "../personalize/Arn.ts"
import type { CreateInput, UpdateInput } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { parentArnIn } from "../personalize/wireNames.ts"

/** The parent to list under when a create says the name is taken (to find the existing resource). */
export const parentForLookup = (input: CreateInput): ResourceArn | undefined => parentArnIn(input.kind, input)

/** The UpdateX request carrying the desired fields, or undefined for kinds the API cannot update. */
export const updateInput = (
  kind: ResourceKind,
  arn: ResourceArn,
  fields: { readonly [f: string]: { readonly value: unknown } }
): UpdateInput | undefined => {
  const v = (f: string) => fields[f]?.value
  switch (kind) {
    case "Dataset":
      return { kind, arn, schemaArn: v("schemaArn") as ResourceArn }
    case "Solution":
      return { kind, arn, performAutoTraining: v("performAutoTraining") as boolean }
    case "Campaign": {
      const config = v("campaignConfig")
      return {
        kind,
        arn,
        solutionVersionArn: v("solutionVersionArn") as ResourceArn,
        minProvisionedTPS: v("minProvisionedTPS") as number,
        ...(config === undefined ? {} : { campaignConfig: config as Record<string, unknown> })
      }
    }
    case "Recommender":
      return { kind, arn, recommenderConfig: (v("recommenderConfig") ?? {}) as Record<string, unknown> }
    default:
      return undefined
  }
}
