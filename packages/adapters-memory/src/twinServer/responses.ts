import type { Personalize as P } from "@personalize-ops/core"
import { wireNames } from "./wireNames.ts"

type Wire = Record<string, unknown>

/**
 * How Personalize spells each status on the wire (aws-facts §1.2): a space after the verb and an
 * underscore in IN_PROGRESS ("CREATE IN_PROGRESS"); batch jobs drop the verb ("PENDING", "IN PROGRESS").
 */
const spelled: { readonly [S in P.Status]: string } = {
  CREATE_PENDING: "CREATE PENDING",
  CREATE_IN_PROGRESS: "CREATE IN_PROGRESS",
  ACTIVE: "ACTIVE",
  CREATE_FAILED: "CREATE FAILED",
  CREATE_STOPPING: "CREATE STOPPING",
  CREATE_STOPPED: "CREATE STOPPED",
  DELETE_PENDING: "DELETE PENDING",
  DELETE_IN_PROGRESS: "DELETE IN_PROGRESS",
  STOP_PENDING: "STOP PENDING",
  STOP_IN_PROGRESS: "STOP IN_PROGRESS",
  INACTIVE: "INACTIVE",
  START_PENDING: "START PENDING",
  START_IN_PROGRESS: "START IN_PROGRESS"
}

const batchSpelled: { readonly [S in P.Status]?: string } = {
  CREATE_PENDING: "PENDING",
  CREATE_IN_PROGRESS: "IN PROGRESS"
}

const wireStatus = (kind: P.ResourceKind, status: P.Status): string =>
  (kind === "BatchInferenceJob" || kind === "BatchSegmentJob" ? batchSpelled[status] : undefined) ?? spelled[status]

/** Epoch milliseconds to the epoch seconds awsJson1.1 timestamps carry. */
export const epochSeconds = (ms: number): number => ms / 1000

/** Attributes the twin keeps under another name or shape than the API's. */
const reshape = (kind: P.ResourceKind, attributes: Wire): Wire => {
  const { dataLocation, jobInput, jobOutput, jobConfig, ...rest } = attributes
  return {
    ...rest,
    ...(dataLocation === undefined ? {} : { dataSource: { dataLocation } }),
    ...(jobInput === undefined ? {} : { jobInput: { s3DataSource: { path: jobInput } } }),
    ...(jobOutput === undefined ? {} : { jobOutput: { s3DataDestination: { path: jobOutput } } }),
    ...(jobConfig === undefined || kind !== "BatchInferenceJob" ? {} : { batchInferenceJobConfig: jobConfig })
  }
}

const latestUpdate = (kind: P.ResourceKind, u: P.LatestUpdate): Wire => ({
  status: wireStatus(kind, u.status),
  ...(u.failureReason === undefined ? {} : { failureReason: u.failureReason }),
  ...(u.solutionVersionArn === undefined ? {} : { solutionVersionArn: u.solutionVersionArn }),
  ...(u.minProvisionedTPS === undefined ? {} : { minProvisionedTPS: u.minProvisionedTPS }),
  creationDateTime: epochSeconds(u.lastUpdatedDateTime),
  lastUpdatedDateTime: epochSeconds(u.lastUpdatedDateTime)
})

/** DescribeX's resource object, with the API's member names, status spelling and epoch-second dates. */
export const toWire = (d: P.ResourceDescription): Wire => {
  const names = wireNames[d.kind]
  return {
    [names.nameKey]: d.name,
    [names.arnKey]: d.arn,
    ...reshape(d.kind, d.attributes),
    ...(d.status === undefined ? {} : { status: wireStatus(d.kind, d.status) }),
    ...(d.failureReason === undefined ? {} : { failureReason: d.failureReason }),
    ...(d.latestUpdate === undefined || names.latestUpdateKey === undefined
      ? {}
      : { [names.latestUpdateKey]: latestUpdate(d.kind, d.latestUpdate) }),
    creationDateTime: epochSeconds(d.creationDateTime),
    lastUpdatedDateTime: epochSeconds(d.lastUpdatedDateTime)
  }
}

/** ListX's summary of a resource: only the members the model's `XSummary` shape has. */
export const toSummary = (d: P.ResourceDescription): Wire => {
  const full = toWire(d)
  const out: Wire = {}
  for (const key of wireNames[d.kind].summary) if (full[key] !== undefined) out[key] = full[key]
  return out
}
