import {
  type FilterDataset,
  filterableFields,
  filterExpressionProblem,
  parseFilterExpression
} from "../personalize/FilterExpression.ts"
import { recipeOf, recipeUseProblem, type ServingKind, servingProblem } from "../personalize/Recipes.ts"
import type { ConfigPath } from "./ConfigPath.ts"
import type { Draft } from "./Draft.ts"
import type { IssueCollector } from "./IssueCollector.ts"

/** The key next to a resource's name (`recipeArn`, `filterExpression`): where the name is, one level up. */
const beside = (nameAt: ConfigPath, key: string): ConfigPath => [...nameAt.slice(0, -1), key]

/**
 * The content rules Personalize enforces at create time, judged on the config with the same core
 * functions the twin uses (docs/aws-facts.md §1.6), so `validate` refuses what CreateFilter,
 * CreateSolution, CreateRecommender, CreateCampaign and the batch jobs would: filter expressions (grammar,
 * and every Dataset.FIELD against the config's schemas), recipes (known, custom ones in solutions, a
 * domain's use cases in recommenders of that domain) and what a solution's recipe can serve.
 */
export const checkContentRules = (draft: Draft, c: IssueCollector): void => {
  const fieldsOf = (dataset: FilterDataset) => {
    const spec = draft.datasets.find((d) => d.spec.type === dataset)?.spec
    return spec === undefined ? undefined : filterableFields(spec.schema.avro)
  }
  for (const f of draft.filters) {
    const text = f.spec.filterExpression
    // With part of the datasets section undecoded, or none declared (the config is for a group whose datasets
    // already exist: CreateFilter judges the fields then), the fields cannot be judged: the grammar still can.
    const parsed = draft.datasetsIncomplete || draft.datasets.length === 0 ? parseFilterExpression(text) : undefined
    const problem =
      parsed === undefined ? filterExpressionProblem(text, fieldsOf) : typeof parsed === "string" ? parsed : undefined
    if (problem !== undefined) c.add(beside(f.nameAt, "filterExpression"), problem)
  }

  const domain = draft.datasetGroup?.spec.domain
  const recipe = (arn: string, use: "Solution" | "Recommender", at: ConfigPath) => {
    if (recipeOf(arn) === undefined) c.add(at, `${arn} is not a recipe Personalize has (ListRecipes)`)
    else if (use === "Solution" || domain !== undefined) {
      const problem = recipeUseProblem(arn, use, domain)
      if (problem !== undefined) c.add(at, problem)
    }
  }
  for (const s of draft.solutions) {
    const arn = s.spec.recipeArn
    if (arn !== undefined) recipe(arn, "Solution", s.recipeAt)
    const serve = (kind: ServingKind, at: ConfigPath) => {
      const problem = servingProblem(arn, kind)
      if (problem !== undefined) c.add(at, problem)
    }
    for (const campaign of s.campaigns) serve("Campaign", campaign.at)
    for (const job of s.batchInferenceJobs) serve("BatchInferenceJob", job.at)
    for (const job of s.batchSegmentJobs) serve("BatchSegmentJob", job.at)
  }
  for (const r of draft.recommenders) recipe(r.spec.recipeArn, "Recommender", beside(r.nameAt, "recipeArn"))
}
