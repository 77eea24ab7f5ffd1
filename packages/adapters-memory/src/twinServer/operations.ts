import { type Config, Personalize as P } from "@personalize-ops/core"
import { Effect, Schema } from "effect"
import type { TwinInspector } from "../personalize/PersonalizeTwin.ts"
import { createInput, decodeBody, updateInput } from "./requests.ts"
import { epochSeconds, toSummary, toWire } from "./responses.ts"
import { wireNames } from "./wireNames.ts"

type Body = Record<string, unknown>
type Operation = (body: Body) => Effect.Effect<Body, P.PersonalizeError>

/** What the operations run on: the port (the same rules `simulate` uses) and the twin's extras. */
export interface ServedTwin {
  readonly personalize: P.Personalize["Service"]
  readonly inspector: TwinInspector
}

const opt = Schema.optionalKey
const Paging = { nextToken: opt(Schema.String), maxResults: opt(Schema.Number) }

/** CreateX answers the new ARN; CreateEventTracker adds the trackingId, CreateDatasetGroup the domain. */
const createResponse = (
  twin: ServedTwin,
  kind: P.ResourceKind,
  arn: P.ResourceArn
): Effect.Effect<Body, P.PersonalizeError> => {
  const arnKey = wireNames[kind].arnKey
  if (kind !== "EventTracker" && kind !== "DatasetGroup") return Effect.succeed({ [arnKey]: arn })
  return Effect.map(twin.personalize.describe(kind, arn), (d): Body => {
    const extra = kind === "EventTracker" ? { trackingId: d.attributes.trackingId } : { domain: d.attributes.domain }
    return { [arnKey]: arn, ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) }
  })
}

const create =
  (twin: ServedTwin, kind: P.ResourceKind): Operation =>
  (body) =>
    createInput(kind, body).pipe(
      Effect.flatMap((input) => twin.personalize.create(input)),
      Effect.flatMap((arn) => createResponse(twin, kind, arn))
    )

const arnOf = (kind: P.ResourceKind, body: Body) =>
  decodeBody(kind, Schema.Struct({ [wireNames[kind].arnKey]: P.ResourceArn }), body).pipe(
    Effect.map((r) => r[wireNames[kind].arnKey] as P.ResourceArn)
  )

const describe =
  (twin: ServedTwin, kind: P.ResourceKind): Operation =>
  (body) =>
    arnOf(kind, body).pipe(
      Effect.flatMap((arn) => twin.personalize.describe(kind, arn)),
      Effect.map((d) => ({ [wireNames[kind].describeKey]: toWire(d) }))
    )

const list =
  (twin: ServedTwin, kind: P.ResourceKind): Operation =>
  (body) => {
    const parentKey = wireNames[kind].listParentKey
    const fields = parentKey === undefined ? Paging : { ...Paging, [parentKey]: opt(P.ResourceArn) }
    return decodeBody(kind, Schema.Struct(fields), body).pipe(
      Effect.flatMap((r) => {
        const parentArn = parentKey === undefined ? undefined : (r as Body)[parentKey]
        return twin.personalize.list({
          kind,
          ...(typeof parentArn === "string" ? { parentArn: parentArn as P.ResourceArn } : {}),
          ...(r.nextToken === undefined ? {} : { nextToken: r.nextToken }),
          ...(r.maxResults === undefined ? {} : { maxResults: r.maxResults })
        })
      }),
      Effect.map((page) => ({
        [wireNames[kind].listKey]: page.items.map(toSummary),
        ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken })
      }))
    )
  }

const update =
  (twin: ServedTwin, kind: P.UpdateInput["kind"]): Operation =>
  (body) =>
    updateInput(kind, body).pipe(
      Effect.tap((input) => twin.personalize.update(input)),
      Effect.map((input) => ({ [wireNames[kind].arnKey]: input.arn }))
    )

const remove =
  (twin: ServedTwin, kind: P.DeletableKind): Operation =>
  (body) =>
    arnOf(kind, body).pipe(
      Effect.flatMap((arn) => twin.personalize.delete(kind, arn)),
      Effect.as({})
    )

const Tag = Schema.Struct({ tagKey: Schema.String, tagValue: Schema.String })

const tagOperations = (twin: ServedTwin): Record<string, Operation> => ({
  TagResource: (body) =>
    decodeBody("DatasetGroup", Schema.Struct({ resourceArn: Schema.String, tags: Schema.Array(Tag) }), body).pipe(
      Effect.flatMap((r) => twin.inspector.tagResource(r.resourceArn, r.tags as ReadonlyArray<Config.Tag>)),
      Effect.as({})
    ),
  UntagResource: (body) =>
    decodeBody(
      "DatasetGroup",
      Schema.Struct({ resourceArn: Schema.String, tagKeys: Schema.Array(Schema.String) }),
      body
    ).pipe(
      Effect.flatMap((r) => twin.inspector.untagResource(r.resourceArn, r.tagKeys)),
      Effect.as({})
    ),
  ListTagsForResource: (body) =>
    decodeBody("DatasetGroup", Schema.Struct({ resourceArn: Schema.String }), body).pipe(
      Effect.flatMap((r) => twin.inspector.tags(r.resourceArn)),
      Effect.map((tags) => ({ tags }))
    )
})

/** Recipes are AWS-owned and exist from the beginning of time (epoch 0 would read as unset: the twin uses 2019). */
const recipeSince = epochSeconds(Date.UTC(2019, 5, 10))

const recipeSummary = (r: P.Recipe): Body => ({
  name: r.name,
  recipeArn: P.recipeArn(r),
  status: "ACTIVE",
  creationDateTime: recipeSince,
  lastUpdatedDateTime: recipeSince,
  ...(r.domain === undefined ? {} : { domain: r.domain })
})

const recipeOperations: Record<string, Operation> = {
  ListRecipes: (body) =>
    decodeBody(
      "Solution",
      Schema.Struct({
        ...Paging,
        recipeProvider: opt(Schema.Literal("SERVICE")),
        domain: opt(Schema.Literals(["ECOMMERCE", "VIDEO_ON_DEMAND"]))
      }),
      body
    ).pipe(
      Effect.flatMap((r) => {
        const all = P.recipes.filter((x) => r.domain === undefined || x.domain === r.domain)
        const max = r.maxResults ?? 100
        const offset = r.nextToken === undefined ? 0 : Number.parseInt(r.nextToken, 36)
        if (!Number.isInteger(offset) || offset < 0 || offset > all.length)
          return Effect.fail(
            new P.InvalidInput({ kind: "Solution", field: "nextToken", message: "The token is not valid." })
          )
        if (!Number.isInteger(max) || max < 1 || max > 100)
          return Effect.fail(
            new P.InvalidInput({ kind: "Solution", field: "maxResults", message: "maxResults must be 1–100" })
          )
        const page = all.slice(offset, offset + max).map(recipeSummary)
        return Effect.succeed(
          offset + max < all.length ? { recipes: page, nextToken: (offset + max).toString(36) } : { recipes: page }
        )
      })
    ),
  DescribeRecipe: (body) =>
    decodeBody("Solution", Schema.Struct({ recipeArn: Schema.String }), body).pipe(
      Effect.flatMap((r) => {
        const recipe = P.recipeOf(r.recipeArn)
        return recipe === undefined
          ? Effect.fail(
              new P.ResourceNotFound({
                kind: "Recipe",
                arn: r.recipeArn,
                message: `Could not find resource ${r.recipeArn}`
              })
            )
          : Effect.succeed({
              recipe: {
                ...recipeSummary(recipe),
                recipeType: recipe.recipeType,
                description: recipe.description,
                algorithmArn: `arn:aws:personalize:::algorithm/${recipe.id}`,
                featureTransformationArn: `arn:aws:personalize:::feature-transformation/${recipe.id}`
              }
            })
      })
    )
}

const kindOperations = (twin: ServedTwin): Record<string, Operation> => {
  const out: Record<string, Operation> = {}
  for (const kind of P.ResourceKinds) {
    out[`Create${kind}`] = create(twin, kind)
    out[`Describe${kind}`] = describe(twin, kind)
    out[`List${kind}s`] = list(twin, kind)
    const traits = P.kindTraits[kind]
    if (traits.updatable) out[`Update${kind}`] = update(twin, kind as P.UpdateInput["kind"])
    if (traits.deletable) out[`Delete${kind}`] = remove(twin, kind as P.DeletableKind)
  }
  return out
}

/** GetSolutionMetrics' answer: the version's metrics, under its ARN. */
const solutionMetricsResponse = (twin: ServedTwin, arn: P.ResourceArn): Effect.Effect<Body, P.PersonalizeError> =>
  Effect.map(twin.inspector.solutionMetrics(arn), (metrics) => ({ solutionVersionArn: arn, metrics }))

const lifecycleOperations = (twin: ServedTwin): Record<string, Operation> => ({
  StopSolutionVersionCreation: (body) =>
    arnOf("SolutionVersion", body).pipe(
      Effect.flatMap((arn) => twin.personalize.stop("SolutionVersion", arn)),
      Effect.as({})
    ),
  StopRecommender: (body) =>
    arnOf("Recommender", body).pipe(
      Effect.tap((arn) => twin.personalize.stop("Recommender", arn)),
      Effect.map((recommenderArn) => ({ recommenderArn }))
    ),
  StartRecommender: (body) =>
    arnOf("Recommender", body).pipe(
      Effect.tap((arn) => twin.personalize.start("Recommender", arn)),
      Effect.map((recommenderArn) => ({ recommenderArn }))
    ),
  GetSolutionMetrics: (body) =>
    arnOf("SolutionVersion", body).pipe(Effect.flatMap((arn) => solutionMetricsResponse(twin, arn)))
})

/** Every operation the twin serves, by its awsJson1.1 name (`X-Amz-Target: AmazonPersonalize.<name>`). */
export const operations = (twin: ServedTwin): Readonly<Record<string, Operation>> => ({
  ...kindOperations(twin),
  ...lifecycleOperations(twin),
  ...tagOperations(twin),
  ...recipeOperations
})
