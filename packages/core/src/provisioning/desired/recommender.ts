import type { RecommenderSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, changeable, fixed, optional, tagsOf } from "./fields.ts"

/** A domain recommender; it trains on the imported data, and its config is updated in place. */
export const desiredRecommender = (
  recommender: RecommenderSpec,
  groupKey: ResourceKey,
  importKeys: ReadonlyArray<ResourceKey>
): DesiredResource => ({
  key: resourceKey("Recommender", recommender.name),
  kind: "Recommender",
  name: recommender.name,
  dependsOn: [groupKey, ...importKeys],
  fields: () => ({
    recipeArn: fixed(recommender.recipeArn),
    recommenderConfig: changeable(recommender.recommenderConfig, true)
  }),
  createInput: (arnOf) => ({
    kind: "Recommender",
    name: recommender.name,
    datasetGroupArn: arn(arnOf, groupKey),
    recipeArn: recommender.recipeArn,
    ...optional("recommenderConfig", recommender.recommenderConfig),
    ...tagsOf(recommender.tags)
  })
})
