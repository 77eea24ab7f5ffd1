import type { Config } from "@personalize-ops/core"

/** What a recipe is for (DescribeRecipe `recipeType`); it decides which jobs and resources it can back. */
type RecipeType =
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
  readonly domain?: Config.Domain
  readonly description: string
}

const custom = (id: string, recipeType: RecipeType, description: string): Recipe => ({
  id,
  name: id,
  recipeType,
  description
})

const use = (domain: Config.Domain, id: string, useCase: string, recipeType: RecipeType): Recipe => ({
  id,
  name: id,
  recipeType,
  domain,
  description: `${useCase}: a use case for ${domain === "ECOMMERCE" ? "e-commerce" : "video on demand"} dataset groups.`
})

/**
 * The AWS-owned recipes (`arn:aws:personalize:::recipe/<id>`) the twin knows: the custom recipes by
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

const recipeArnPattern = /^arn:[a-z\d-]+:personalize:::recipe\/([A-Za-z0-9_.-]+)$/

/** The recipe an ARN names, or undefined when it names none the twin knows. */
export const recipeOf = (arn: string): Recipe | undefined => {
  const id = recipeArnPattern.exec(arn)?.[1]
  return id === undefined ? undefined : recipes.find((r) => r.id === id)
}

export const recipeArn = (recipe: Recipe, partition = "aws"): string =>
  `arn:${partition}:personalize:::recipe/${recipe.id}`
