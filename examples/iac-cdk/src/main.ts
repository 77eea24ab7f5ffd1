// The CDK app: `npx cdk synth` (with the aws-cdk CLI installed by you) runs this file through cdk.json.
// Settings come from CDK context (`-c PERSONALIZE_TRACKING_ID=…`) or from the environment of the same name.
import { join } from "node:path"
import { type Capability, lambdaEntries } from "@personalize-ops/handlers/entries"
import type { DeploymentScopes } from "@personalize-ops/handlers/iam"
import { App } from "aws-cdk-lib"
import * as iam from "aws-cdk-lib/aws-iam"
import { PersonalizeOpsStack } from "./PersonalizeOpsStack.ts"

const app = new App({ analyticsReporting: false })
const settingNames = [
  ...new Set(lambdaEntries.flatMap((e) => e.env.filter((v) => v.from === undefined).map((v) => v.name)))
]
const settings: Record<string, string> = {}
for (const name of settingNames) {
  const value = app.node.tryGetContext(name) ?? process.env[name]
  if (typeof value === "string") settings[name] = value
}
const known = new Set<Capability>(lambdaEntries.map((e) => e.capability))
const isCapability = (c: string): c is Capability => known.has(c as Capability)
const chosen: unknown = app.node.tryGetContext("capabilities")
const capabilities = typeof chosen === "string" ? chosen.split(",").map((c) => c.trim()) : undefined
const unknown = capabilities?.filter((c) => !isCapability(c)) ?? []
if (unknown.length > 0) throw new Error(`unknown capabilities ${unknown.join(", ")} (known: ${[...known].join(", ")})`)

// The role Segment's Lambda destination assumes, allowed to invoke the Segment function.
const segmentInvoker: unknown = app.node.tryGetContext("segmentInvokerArn")

// ARN lists (CSV) that narrow roles and rules, e.g. `-c batchJobQueueArns=arn:…:job-queue/train`.
const scopeNames: ReadonlyArray<keyof DeploymentScopes> = [
  "batchJobQueueArns",
  "batchJobDefinitionArns",
  "monitoredJobQueueArns",
  "ingestionDatasetArns"
]
const scopes: Partial<Record<keyof DeploymentScopes, ReadonlyArray<string>>> = {}
for (const name of scopeNames) {
  const value: unknown = app.node.tryGetContext(name) ?? process.env[name]
  if (typeof value === "string" && value.trim() !== "")
    scopes[name] = value
      .split(",")
      .map((arn) => arn.trim())
      .filter((arn) => arn !== "")
}

// The jobs dashboard's sign-in: `-c jwtIssuer=https://… -c jwtAudience=<client id>[,…]` (any OIDC
// provider); without them a Cognito user pool is made.
const jwtIssuer: unknown = app.node.tryGetContext("jwtIssuer") ?? process.env.jwtIssuer
const jwtAudience: unknown = app.node.tryGetContext("jwtAudience") ?? process.env.jwtAudience
if ((typeof jwtIssuer === "string") !== (typeof jwtAudience === "string"))
  throw new Error("set both jwtIssuer and jwtAudience (or neither: a Cognito user pool is made)")

// `-c notificationKms=true`: the alarm topics encrypted with a customer-managed KMS key each.
const notificationKms: unknown = app.node.tryGetContext("notificationKms") ?? process.env.notificationKms
// The CLI sets these from the profile; a monitor of several Regions needs them (a topic stack per region).
const account = process.env.CDK_DEFAULT_ACCOUNT
const region = process.env.CDK_DEFAULT_REGION

new PersonalizeOpsStack(app, "PersonalizeOps", {
  bundlesDir:
    app.node.tryGetContext("bundlesDir") ??
    join(import.meta.dirname, "..", "..", "..", "packages", "handlers", "dist-bundle"),
  settings,
  scopes,
  ...(capabilities === undefined ? {} : { capabilities: capabilities.filter(isCapability) }),
  ...(typeof segmentInvoker === "string"
    ? { invokers: { "ingestion-segment": [new iam.ArnPrincipal(segmentInvoker)] } }
    : {}),
  ...(typeof jwtIssuer === "string" && typeof jwtAudience === "string"
    ? { jwt: { issuer: jwtIssuer, audience: jwtAudience.split(",").map((a) => a.trim()) } }
    : {}),
  notificationKms: notificationKms === true || notificationKms === "true",
  ...(region === undefined ? {} : { env: { region, ...(account === undefined ? {} : { account }) } }),
  analyticsReporting: false
})
app.synth()
