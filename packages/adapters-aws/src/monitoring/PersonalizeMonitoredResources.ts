import {
  DeleteCampaignCommand,
  DescribeCampaignCommand,
  DescribeRecommenderCommand,
  DescribeSolutionCommand,
  ListCampaignsCommand,
  type ListCampaignsCommandOutput,
  ListRecommendersCommand,
  type ListRecommendersCommandOutput,
  ListSolutionsCommand,
  PersonalizeClient,
  StopRecommenderCommand,
  UpdateCampaignCommand,
  UpdateRecommenderCommand
} from "@aws-sdk/client-personalize"
import { Monitoring, Personalize } from "@personalize-ops/core"
import { Clock, Effect, Layer, Schema } from "effect"
import { type AwsCallError, awsCall, retryThrottled, throttlingErrorNames } from "../sdk/AwsCall.ts"
import { type AwsClientOptions, clientConfig, regionalClients, toMonitoringFailure } from "./clientOptions.ts"

const Update = Schema.optionalKey(Schema.Struct({ status: Schema.optionalKey(Schema.String) }))

const CampaignShape = Schema.Struct({
  campaignArn: Schema.String,
  name: Schema.String,
  status: Schema.String,
  minProvisionedTPS: Schema.Finite,
  solutionVersionArn: Schema.String,
  creationDateTime: Schema.Date,
  latestCampaignUpdate: Update
})

const RecommenderShape = Schema.Struct({
  recommenderArn: Schema.String,
  name: Schema.String,
  status: Schema.String,
  datasetGroupArn: Schema.String,
  recipeArn: Schema.String,
  creationDateTime: Schema.Date,
  recommenderConfig: Schema.optionalKey(
    Schema.Struct({ minRecommendationRequestsPerSecond: Schema.optionalKey(Schema.Finite) })
  ),
  latestRecommenderUpdate: Update
})

const SolutionShape = Schema.Struct({
  solutionArn: Schema.String,
  name: Schema.String,
  datasetGroupArn: Schema.String,
  recipeArn: Schema.optionalKey(Schema.String),
  latestSolutionVersion: Schema.optionalKey(
    Schema.Struct({ status: Schema.optionalKey(Schema.String), creationDateTime: Schema.optionalKey(Schema.Date) })
  )
})

const decodeResponse =
  <S extends Schema.ConstraintDecoder<unknown>>(operation: string, schema: S) =>
  (value: unknown) =>
    Schema.decodeUnknownEffect(schema)(value).pipe(
      Effect.mapError(
        (e) => new Monitoring.MonitoringFailure({ operation, name: "InvalidResponse", detail: e.message })
      )
    )

/** How long a description may stand in for a throttled DescribeCampaign/DescribeRecommender. */
export const DescribeCacheMs = 22 * 60_000

const regionOf = (arn: string) => Personalize.arnRegion(arn) ?? ""
const datasetGroupName = (arn: string) => Personalize.parseArn(arn)?.name ?? arn
/** `…:solution/<name>/<version id or $LATEST>` → `…:solution/<name>`. */
const solutionOfVersion = (versionArn: string): string => Personalize.arnParent(versionArn) ?? versionArn

/** Maps Personalize's exception names to the port's errors, in one place. */
const mapError =
  (arn: string) =>
  (e: AwsCallError): Monitoring.ResourceGone | Monitoring.ResourceBusy | Monitoring.MonitoringFailure =>
    e.name === "ResourceNotFoundException"
      ? new Monitoring.ResourceGone({ arn })
      : e.name === "ResourceInUseException"
        ? new Monitoring.ResourceBusy({ arn, detail: e.detail })
        : toMonitoringFailure(e)

/**
 * The MonitoredResources port on Personalize. Each call uses the client of the ARN's region. The
 * recipe and dataset group of a campaign come from its solution (immutable, so cached per container);
 * the dataset group name comes from its ARN, so no DescribeDatasetGroup is needed at all.
 */
export const makePersonalizeMonitoredResources = (
  client: (region: string) => PersonalizeClient
): Monitoring.MonitoredResources["Service"] => {
  const solutions = new Map<string, typeof SolutionShape.Type>()

  const call = <A>(
    operation: string,
    region: string,
    arn: string,
    f: (c: PersonalizeClient, s: AbortSignal) => Promise<A>
  ) => awsCall(operation, (signal) => f(client(region), signal)).pipe(retryThrottled(), Effect.mapError(mapError(arn)))

  const describeSolution = Effect.fnUntraced(function* (solutionArn: string) {
    const cached = solutions.get(solutionArn)
    if (cached !== undefined) return cached
    const out = yield* call("DescribeSolution", regionOf(solutionArn), solutionArn, (c, abortSignal) =>
      c.send(new DescribeSolutionCommand({ solutionArn }), { abortSignal })
    )
    const solution = yield* decodeResponse("DescribeSolution", SolutionShape)(out.solution)
    // latestSolutionVersion changes; only the immutable parts are worth caching.
    const { latestSolutionVersion: _changes, ...immutable } = solution
    solutions.set(solutionArn, immutable)
    return solution
  })

  const describeCampaign = Effect.fnUntraced(function* (
    arn: string
  ): Effect.fn.Return<
    Monitoring.MonitoredResource,
    Monitoring.ResourceGone | Monitoring.ResourceBusy | Monitoring.MonitoringFailure
  > {
    const out = yield* call("DescribeCampaign", regionOf(arn), arn, (c, abortSignal) =>
      c.send(new DescribeCampaignCommand({ campaignArn: arn }), { abortSignal })
    )
    const campaign = yield* decodeResponse("DescribeCampaign", CampaignShape)(out.campaign)
    const solution = yield* describeSolution(solutionOfVersion(campaign.solutionVersionArn))
    return {
      arn: campaign.campaignArn,
      name: campaign.name,
      kind: "campaign",
      region: regionOf(arn),
      datasetGroupArn: solution.datasetGroupArn,
      datasetGroupName: datasetGroupName(solution.datasetGroupArn),
      ...(solution.recipeArn === undefined ? {} : { recipeArn: solution.recipeArn }),
      minTPS: campaign.minProvisionedTPS,
      status: campaign.status,
      ...(campaign.latestCampaignUpdate?.status === undefined
        ? {}
        : { latestUpdateStatus: campaign.latestCampaignUpdate.status }),
      createdAt: campaign.creationDateTime.getTime()
    } satisfies Monitoring.MonitoredResource
  })

  const describeRecommenderRaw = Effect.fnUntraced(function* (arn: string) {
    const out = yield* call("DescribeRecommender", regionOf(arn), arn, (c, abortSignal) =>
      c.send(new DescribeRecommenderCommand({ recommenderArn: arn }), { abortSignal })
    )
    return {
      raw: out.recommender,
      decoded: yield* decodeResponse("DescribeRecommender", RecommenderShape)(out.recommender)
    }
  })

  const describeRecommender = Effect.fnUntraced(function* (
    arn: string
  ): Effect.fn.Return<
    Monitoring.MonitoredResource,
    Monitoring.ResourceGone | Monitoring.ResourceBusy | Monitoring.MonitoringFailure
  > {
    const { decoded: r } = yield* describeRecommenderRaw(arn)
    return {
      arn: r.recommenderArn,
      name: r.name,
      kind: "recommender",
      region: regionOf(arn),
      datasetGroupArn: r.datasetGroupArn,
      datasetGroupName: datasetGroupName(r.datasetGroupArn),
      recipeArn: r.recipeArn,
      minTPS: r.recommenderConfig?.minRecommendationRequestsPerSecond ?? 1,
      status: r.status,
      ...(r.latestRecommenderUpdate?.status === undefined
        ? {}
        : { latestUpdateStatus: r.latestRecommenderUpdate.status }),
      createdAt: r.creationDateTime.getTime()
    } satisfies Monitoring.MonitoredResource
  })

  /** Last good description per ARN: DescribeCampaign/DescribeRecommender throttle easily (the seed's 22-minute cache). */
  const described = new Map<string, { readonly at: number; readonly resource: Monitoring.MonitoredResource }>()

  const describe = (arn: string) => {
    const parsed = Monitoring.parseResourceArn(arn)
    if (parsed === undefined) return Effect.fail(new Monitoring.ResourceGone({ arn }))
    return (parsed.kind === "campaign" ? describeCampaign(arn) : describeRecommender(arn)).pipe(
      Effect.tap((resource) =>
        Effect.map(Clock.currentTimeMillis, (at) => {
          described.set(arn, { at, resource })
        })
      ),
      Effect.catchTag("ResourceBusy", (e) =>
        Effect.fail(
          new Monitoring.MonitoringFailure({ operation: "Describe", name: "ResourceInUseException", detail: e.detail })
        )
      ),
      Effect.catchTag("MonitoringFailure", (e) =>
        Effect.gen(function* () {
          const cached = described.get(arn)
          const now = yield* Clock.currentTimeMillis
          if (!throttlingErrorNames.has(e.name)) return yield* e
          if (cached !== undefined && now - cached.at < DescribeCacheMs) return cached.resource
          return yield* new Monitoring.ResourceUnavailable({ arn, detail: e.message })
        })
      )
    )
  }

  /**
   * Describes every listed ARN. A resource deleted between List and Describe is skipped, as the seed
   * does; one still throttled with no recent description is reported unavailable (the next run sees it).
   */
  const describeAll = (arns: ReadonlyArray<string>) =>
    Effect.forEach(
      arns,
      (arn) =>
        describe(arn).pipe(
          Effect.map((r) => ({ resources: [r], unavailable: [] as ReadonlyArray<string> })),
          Effect.catchTag("ResourceGone", () => Effect.succeed({ resources: [], unavailable: [] })),
          Effect.catchTag("ResourceUnavailable", (e) =>
            Effect.logWarning(e.message).pipe(Effect.as({ resources: [], unavailable: [arn] }))
          )
        ),
      { concurrency: 4 }
    ).pipe(
      Effect.map(
        (parts): Monitoring.ListedResources => ({
          resources: parts.flatMap((p) => p.resources),
          unavailable: parts.flatMap((p) => p.unavailable)
        })
      )
    )

  const list = Effect.fnUntraced(function* (region: string) {
    const arns: Array<string> = []
    let token: string | undefined
    do {
      const next: string | undefined = token
      const page: ListCampaignsCommandOutput = yield* call("ListCampaigns", region, region, (c, abortSignal) =>
        c.send(new ListCampaignsCommand({ maxResults: 100, ...(next === undefined ? {} : { nextToken: next }) }), {
          abortSignal
        })
      )
      for (const s of page.campaigns ?? []) if (s.campaignArn !== undefined) arns.push(s.campaignArn)
      token = page.nextToken
    } while (token !== undefined)
    do {
      const next: string | undefined = token
      const page: ListRecommendersCommandOutput = yield* call("ListRecommenders", region, region, (c, abortSignal) =>
        c.send(new ListRecommendersCommand({ maxResults: 100, ...(next === undefined ? {} : { nextToken: next }) }), {
          abortSignal
        })
      )
      for (const s of page.recommenders ?? []) if (s.recommenderArn !== undefined) arns.push(s.recommenderArn)
      token = page.nextToken
    } while (token !== undefined)
    return yield* describeAll(arns)
  })

  const latestSolutionVersions = Effect.fnUntraced(
    function* (datasetGroupArns: ReadonlyArray<string>) {
      const out: Array<Monitoring.SolutionFreshness> = []
      for (const dg of datasetGroupArns) {
        const region = regionOf(dg)
        let token: string | undefined
        do {
          const next = token
          const page = yield* call("ListSolutions", region, dg, (c, abortSignal) =>
            c.send(
              new ListSolutionsCommand({
                datasetGroupArn: dg,
                maxResults: 100,
                ...(next === undefined ? {} : { nextToken: next })
              }),
              { abortSignal }
            )
          )
          for (const s of page.solutions ?? []) {
            if (s.solutionArn === undefined) continue
            const arn = s.solutionArn
            const solution = yield* Effect.gen(function* () {
              const o = yield* call("DescribeSolution", region, arn, (c, abortSignal) =>
                c.send(new DescribeSolutionCommand({ solutionArn: arn }), { abortSignal })
              )
              return yield* decodeResponse("DescribeSolution", SolutionShape)(o.solution)
            })
            const latest = solution.latestSolutionVersion
            out.push({
              solutionArn: solution.solutionArn,
              solutionName: solution.name,
              datasetGroupArn: solution.datasetGroupArn,
              region,
              ...(latest?.creationDateTime === undefined
                ? {}
                : { lastSolutionVersionAt: latest.creationDateTime.getTime() }),
              ...(latest?.status === undefined ? {} : { lastSolutionVersionStatus: latest.status })
            })
          }
          token = page.nextToken
        } while (token !== undefined)
      }
      return out
    },
    Effect.catchTags({
      ResourceGone: (e) =>
        Effect.fail(
          new Monitoring.MonitoringFailure({
            operation: "ListSolutions",
            name: "ResourceNotFoundException",
            detail: e.arn
          })
        ),
      ResourceBusy: (e) =>
        Effect.fail(
          new Monitoring.MonitoringFailure({
            operation: "ListSolutions",
            name: "ResourceInUseException",
            detail: e.detail
          })
        )
    })
  )

  const updateMinTps = Effect.fnUntraced(function* (arn: string, minTPS: number) {
    const parsed = Monitoring.parseResourceArn(arn)
    if (parsed === undefined) return yield* new Monitoring.ResourceGone({ arn })
    if (parsed.kind === "campaign") {
      yield* call("UpdateCampaign", parsed.region, arn, (c, abortSignal) =>
        c.send(new UpdateCampaignCommand({ campaignArn: arn, minProvisionedTPS: minTPS }), { abortSignal })
      )
      return
    }
    // UpdateRecommender replaces the whole config: keep every other setting as it is.
    const { raw } = yield* describeRecommenderRaw(arn)
    yield* call("UpdateRecommender", parsed.region, arn, (c, abortSignal) =>
      c.send(
        new UpdateRecommenderCommand({
          recommenderArn: arn,
          recommenderConfig: { ...(raw?.recommenderConfig ?? {}), minRecommendationRequestsPerSecond: minTPS }
        }),
        { abortSignal }
      )
    )
  })

  return Monitoring.MonitoredResources.of({
    list: (region) =>
      list(region).pipe(
        Effect.catchTags({
          ResourceGone: (e) =>
            Effect.fail(
              new Monitoring.MonitoringFailure({ operation: "List", name: "ResourceNotFoundException", detail: e.arn })
            ),
          ResourceBusy: (e) =>
            Effect.fail(
              new Monitoring.MonitoringFailure({ operation: "List", name: "ResourceInUseException", detail: e.detail })
            )
        })
      ),
    describe,
    latestSolutionVersions,
    updateMinTps,
    deleteCampaign: (arn) =>
      call("DeleteCampaign", regionOf(arn), arn, (c, abortSignal) =>
        c.send(new DeleteCampaignCommand({ campaignArn: arn }), { abortSignal })
      ).pipe(Effect.asVoid),
    stopRecommender: (arn) =>
      call("StopRecommender", regionOf(arn), arn, (c, abortSignal) =>
        c.send(new StopRecommenderCommand({ recommenderArn: arn }), { abortSignal })
      ).pipe(Effect.asVoid)
  })
}

/** Personalize for the monitor, one client per region. */
export const layerPersonalizeMonitoredResources = (
  options: AwsClientOptions = {}
): Layer.Layer<Monitoring.MonitoredResources> =>
  Layer.sync(Monitoring.MonitoredResources, () =>
    makePersonalizeMonitoredResources(regionalClients((region) => new PersonalizeClient(clientConfig(region, options))))
  )
