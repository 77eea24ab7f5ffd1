import type { Domain } from "../config/Deployment.ts"
import { recipeId } from "./Arn.ts"
import type { ResourceKind } from "./ResourceKind.ts"

/** What a recipe is for (DescribeRecipe `recipeType`); it decides which jobs and resources it can back. */
export type RecipeType =
  | "USER_PERSONALIZATION"
  | "PERSONALIZED_RANKING"
  | "RELATED_ITEMS"
  | "USER_SEGMENTATION"
  | "PERSONALIZED_ACTIONS"

export interface Recipe {
  readonly id: string
  readonly name: string
  readonly recipeType: RecipeType
  /** Domain recipes back recommenders (of that domain) only; custom recipes back solutions only. */
  readonly domain?: Domain
  readonly description: string
}

const custom = (id: string, recipeType: RecipeType, description: string): Recipe => ({
  id,
  name: id,
  recipeType,
  description
})

const use = (domain: Domain, id: string, useCase: string, recipeType: RecipeType): Recipe => ({
  id,
  name: id,
  recipeType,
  domain,
  description: `${useCase}: a use case for ${domain === "ECOMMERCE" ? "e-commerce" : "video on demand"} dataset groups.`
})

/**
 * The AWS-owned recipes (`arn:aws:personalize:::recipe/<id>`) personalize-ops knows (the twin serves them; the
 * config validator and the twin check pairings with them): the custom recipes by
 * type (Personalize developer guide, "Choosing a recipe") and the domain use cases. The recipe types of
 * domain use cases are not documented; the twin gives each the type of its closest custom recipe.
 */
export const recipes: ReadonlyArray<Recipe> = [
  custom("aws-user-personalization", "USER_PERSONALIZATION", "User-Personalization"),
  custom("aws-user-personalization-v2", "USER_PERSONALIZATION", "User-Personalization-v2"),
  custom("aws-popularity-count", "USER_PERSONALIZATION", "Popularity-Count"),
  custom("aws-trending-now", "USER_PERSONALIZATION", "Trending-Now"),
  custom("aws-hrnn", "USER_PERSONALIZATION", "HRNN (legacy)"),
  custom("aws-hrnn-metadata", "USER_PERSONALIZATION", "HRNN-Metadata (legacy)"),
  custom("aws-hrnn-coldstart", "USER_PERSONALIZATION", "HRNN-Coldstart (legacy)"),
  custom("aws-personalized-ranking", "PERSONALIZED_RANKING", "Personalized-Ranking"),
  custom("aws-personalized-ranking-v2", "PERSONALIZED_RANKING", "Personalized-Ranking-v2"),
  custom("aws-sims", "RELATED_ITEMS", "SIMS"),
  custom("aws-similar-items", "RELATED_ITEMS", "Similar-Items"),
  custom("aws-semantic-similarity", "RELATED_ITEMS", "Semantic-Similarity"),
  custom("aws-item-affinity", "USER_SEGMENTATION", "Item-Affinity"),
  custom("aws-item-attribute-affinity", "USER_SEGMENTATION", "Item-Attribute-Affinity"),
  custom("aws-next-best-action", "PERSONALIZED_ACTIONS", "Next-Best-Action"),
  use(
    "ECOMMERCE",
    "aws-ecomm-customers-who-viewed-x-also-viewed",
    "Customers who viewed X also viewed",
    "RELATED_ITEMS"
  ),
  use("ECOMMERCE", "aws-ecomm-frequently-bought-together", "Frequently bought together", "RELATED_ITEMS"),
  use("ECOMMERCE", "aws-ecomm-popular-items-by-purchases", "Best sellers", "USER_PERSONALIZATION"),
  use("ECOMMERCE", "aws-ecomm-popular-items-by-views", "Most viewed", "USER_PERSONALIZATION"),
  use("ECOMMERCE", "aws-ecomm-recommended-for-you", "Recommended for you", "USER_PERSONALIZATION"),
  use("VIDEO_ON_DEMAND", "aws-vod-because-you-watched-x", "Because you watched X", "RELATED_ITEMS"),
  use("VIDEO_ON_DEMAND", "aws-vod-more-like-x", "More like X", "RELATED_ITEMS"),
  use("VIDEO_ON_DEMAND", "aws-vod-most-popular", "Most popular", "USER_PERSONALIZATION"),
  use("VIDEO_ON_DEMAND", "aws-vod-top-picks", "Top picks for you", "USER_PERSONALIZATION"),
  use("VIDEO_ON_DEMAND", "aws-vod-trending-now", "Trending now", "USER_PERSONALIZATION")
]

/** The recipe an ARN names, or undefined when it names none of the table's. */
export const recipeOf = (arn: string): Recipe | undefined => {
  const id = recipeId(arn)
  return id === undefined ? undefined : recipes.find((r) => r.id === id)
}

/** What a solution version of a recipe type can back (Personalize developer guide, "Choosing a recipe"). */
export type ServingKind = Extract<ResourceKind, "Campaign" | "BatchInferenceJob" | "BatchSegmentJob">

/**
 * Recipe type ↔ what serves it: USER_SEGMENTATION recipes (Item-Affinity, Item-Attribute-Affinity)
 * make user segments, so only batch segment jobs; every other type serves campaigns and batch
 * inference jobs, and cannot back a batch segment job. A solution without a recipe (performAutoML)
 * picks among user-personalization recipes.
 */
export const servingKinds: { readonly [T in RecipeType]: ReadonlyArray<ServingKind> } = {
  USER_PERSONALIZATION: ["Campaign", "BatchInferenceJob"],
  PERSONALIZED_RANKING: ["Campaign", "BatchInferenceJob"],
  RELATED_ITEMS: ["Campaign", "BatchInferenceJob"],
  PERSONALIZED_ACTIONS: ["Campaign", "BatchInferenceJob"],
  USER_SEGMENTATION: ["BatchSegmentJob"]
}

/**
 * Why a solution of `recipeArn` cannot back `kind`, or undefined when it can. Without a recipe (performAutoML) the
 * solution's type is USER_PERSONALIZATION; a recipe not in the table has no known type, so nothing is judged here
 * (the unknown recipe itself is the problem, named where the recipe is).
 */
export const servingProblem = (recipeArn: string | undefined, kind: ServingKind): string | undefined => {
  const recipe = recipeArn === undefined ? undefined : recipeOf(recipeArn)
  if (recipeArn !== undefined && recipe === undefined) return undefined
  const type: RecipeType = recipe?.recipeType ?? "USER_PERSONALIZATION"
  if (servingKinds[type].includes(kind)) return undefined
  const name = recipe?.id ?? "the AutoML recipe"
  return kind === "BatchSegmentJob"
    ? `${name} is a ${type} recipe: batch segment jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity)`
    : `${name} is a USER_SEGMENTATION recipe: its solution versions back batch segment jobs only, not a ${kind}`
}

/**
 * Recipe ↔ where it may be used: a domain recipe (a use case) backs a recommender of a dataset group of
 * that domain only; a custom recipe backs solutions only. Undefined when the pairing is valid.
 */
export const recipeUseProblem = (
  recipeArn: string,
  use: "Solution" | "Recommender",
  groupDomain: Domain | undefined
): string | undefined => {
  const recipe = recipeOf(recipeArn)
  if (recipe === undefined) return undefined
  if (use === "Solution")
    return recipe.domain === undefined
      ? undefined
      : `${recipe.id} is a ${recipe.domain} use case: use it in a recommender, not a solution (solutions take custom recipes)`
  if (recipe.domain === undefined)
    return `${recipe.id} is a custom recipe: recommenders take a use case of the dataset group's domain`
  if (groupDomain === undefined)
    return `${recipe.id} is a ${recipe.domain} use case: recommenders need a dataset group with domain ${recipe.domain}`
  return recipe.domain === groupDomain
    ? undefined
    : `${recipe.id} is a ${recipe.domain} use case, but the dataset group's domain is ${groupDomain}`
}

export const recipeArn = (recipe: Recipe, partition = "aws"): string =>
  `arn:${partition}:personalize:::recipe/${recipe.id}`
