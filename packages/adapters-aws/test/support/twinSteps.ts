// Steps a user takes against a served twin with the real SDK client, shared by the tests that need a
// trained solution version or a group with an Interactions dataset.
import {
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  type PersonalizeClient
} from "@aws-sdk/client-personalize"

export const role = "arn:aws:iam::123456789012:role/PersonalizeRole"

/** The name of the error a call fails with, or "succeeded". */
export const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => "succeeded",
    (e: { readonly name: string }) => e.name
  )

/** Polls `read` until it answers `status` (400 polls 25 ms apart; the twin runs fast, so this is a bound). */
export const until = async (read: () => Promise<string | undefined>, status = "ACTIVE") => {
  for (let i = 0; i < 400; i++) {
    if ((await read()) === status) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`not ${status}`)
}

export const interactionsAvro = (fields: ReadonlyArray<Record<string, unknown>>) =>
  JSON.stringify({ type: "record", name: "Interactions", fields })

/** An ACTIVE dataset group (of `domain`, if given). */
export const activeGroup = async (
  client: PersonalizeClient,
  name: string,
  domain?: "ECOMMERCE" | "VIDEO_ON_DEMAND"
) => {
  const { datasetGroupArn } = await client.send(
    new CreateDatasetGroupCommand({ name, ...(domain === undefined ? {} : { domain }) })
  )
  await until(
    async () => (await client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status
  )
  return datasetGroupArn as string
}

/** An ACTIVE dataset group with an ACTIVE Interactions dataset (USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE). */
export const groupWithInteractions = async (client: PersonalizeClient, name: string) => {
  const { schemaArn } = await client.send(
    new CreateSchemaCommand({
      name: `${name}-interactions`,
      schema: interactionsAvro([
        { name: "USER_ID", type: "string" },
        { name: "ITEM_ID", type: "string" },
        { name: "TIMESTAMP", type: "long" },
        { name: "EVENT_TYPE", type: "string" }
      ])
    })
  )
  const datasetGroupArn = await activeGroup(client, name)
  const { datasetArn } = await client.send(
    new CreateDatasetCommand({ name: `${name}-i`, datasetGroupArn, schemaArn, datasetType: "Interactions" })
  )
  await until(async () => (await client.send(new DescribeDatasetCommand({ datasetArn }))).dataset?.status)
  return { datasetGroupArn, datasetArn: datasetArn as string }
}

/** An ACTIVE import into the dataset (an s3:// location: the twin takes its data as valid). */
export const imported = async (client: PersonalizeClient, datasetArn: string) => {
  const { datasetImportJobArn } = await client.send(
    new CreateDatasetImportJobCommand({
      jobName: "interactions",
      datasetArn,
      dataSource: { dataLocation: "s3://bucket/interactions.csv" },
      roleArn: role
    })
  )
  await until(
    async () =>
      (await client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob?.status
  )
}

/** An ACTIVE FULL version of a solution of `recipe` (auto-training off), on a group with imported data. */
export const trainedVersion = async (
  client: PersonalizeClient,
  datasetGroupArn: string,
  name: string,
  recipe: string
) => {
  const { solutionArn } = await client.send(
    new CreateSolutionCommand({
      name,
      datasetGroupArn,
      recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
      performAutoTraining: false
    })
  )
  await until(async () => (await client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
  const { solutionVersionArn } = await client.send(
    new CreateSolutionVersionCommand({ solutionArn, trainingMode: "FULL" })
  )
  await until(
    async () => (await client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion?.status
  )
  return solutionVersionArn as string
}
