// Configs for tests: the standard Interactions and Users schemas, and one builder for configs in the MLOps
// solution's format (its `params.json`: `serviceConfig` / `workflowConfig` blocks), so a test says only
// what its config is about (the dataset group, its solutions and schedules) and not the schema blocks.

const namespace = "com.amazonaws.personalize.schema"

/** The Interactions schema of the test configs: USER_ID, ITEM_ID, TIMESTAMP. */
export const interactionsSchema = {
  type: "record",
  name: "Interactions",
  namespace,
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "ITEM_ID", type: "string" },
    { name: "TIMESTAMP", type: "long" }
  ],
  version: "1.0"
}

/** The Interactions schema with EVENT_TYPE (a domain dataset group's, and what event-type filters need). */
export const interactionsEventSchema = {
  ...interactionsSchema,
  type: "record" as const,
  fields: [...interactionsSchema.fields, { name: "EVENT_TYPE", type: "string" }]
}

/** A Users record schema named `name` (USER_ID, AGE), no namespace: for tests of the config formats' fields. */
export const usersRecord = (name: string) => ({
  type: "record",
  name,
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "AGE", type: "int" }
  ]
})

/** An Items record schema named `name` (ITEM_ID, a categorical GENRE), no namespace. */
export const itemsRecord = (name: string) => ({
  type: "record",
  name,
  fields: [
    { name: "ITEM_ID", type: "string" },
    { name: "GENRE", type: "string", categorical: true }
  ]
})

/** The Users schema of the test configs: USER_ID and AGE. */
const usersSchema = {
  type: "record",
  name: "Users",
  namespace,
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "AGE", type: "int" }
  ],
  version: "1.0"
}

/** One solution of an MLOps config. */
interface MlopsSolution {
  /** The solution's name. */
  readonly name: string
  /** The recipe's name (`aws-user-personalization`), made the recipe's ARN. */
  readonly recipe: string
  /** A campaign of this name serving the solution (minProvisionedTPS 1). */
  readonly campaign?: string
  /** The solution's retraining schedules (`workflowConfig.schedules`). */
  readonly schedules?: { readonly full?: string; readonly update?: string }
}

/** What an MLOps config is made of; everything else is the standard. */
interface MlopsConfigOptions {
  /** The dataset group's name; the datasets are `<group>-interactions` and `<group>-users`, their schemas `<name>-schema`. */
  readonly group: string
  /** Whether the config has the Users dataset (default true). */
  readonly users?: boolean
  /** The dataset group's import schedule (`datasetGroup.workflowConfig.schedules.import`). */
  readonly importSchedule?: string
  /** The solutions (none: the config has no `solutions`). */
  readonly solutions?: ReadonlyArray<MlopsSolution>
}

const dataset = (name: string, schema: typeof interactionsSchema) => ({
  dataset: { serviceConfig: { name } },
  schema: { serviceConfig: { name: `${name}-schema`, schema } }
})

const solution = (s: MlopsSolution) => ({
  serviceConfig: { name: s.name, recipeArn: `arn:aws:personalize:::recipe/${s.recipe}` },
  ...(s.schedules === undefined ? {} : { workflowConfig: { schedules: s.schedules } }),
  ...(s.campaign === undefined ? {} : { campaigns: [{ serviceConfig: { name: s.campaign, minProvisionedTPS: 1 } }] })
})

/**
 * A config in the MLOps solution's format (no role, data looked for by the deployment), with the standard
 * schemas: `mlopsConfig({ group: "shop", solutions: [{ name: "shop-sims", recipe: "aws-similar-items" }] })`.
 */
export const mlopsConfig = (options: MlopsConfigOptions) => ({
  datasetGroup: {
    serviceConfig: { name: options.group },
    ...(options.importSchedule === undefined
      ? {}
      : { workflowConfig: { schedules: { import: options.importSchedule } } })
  },
  datasets: {
    interactions: dataset(`${options.group}-interactions`, interactionsSchema),
    ...(options.users === false ? {} : { users: dataset(`${options.group}-users`, usersSchema) })
  },
  ...(options.solutions === undefined ? {} : { solutions: options.solutions.map(solution) })
})
