import type { CampaignSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, changeable, optional, tagsOf } from "./fields.ts"

/**
 * A campaign on its solution's current version; version, TPS and config are updated in place. A TPS the
 * monitor manages (`minProvisionedTPSManaged`) is set at creation only: apply does not fight the monitor.
 */
export const desiredCampaign = (campaign: CampaignSpec, versionKey: ResourceKey): DesiredResource => ({
  key: resourceKey("Campaign", campaign.name),
  kind: "Campaign",
  name: campaign.name,
  dependsOn: [versionKey],
  fields: (arnOf) => ({
    solutionVersionArn: changeable(arn(arnOf, versionKey)),
    ...(campaign.minProvisionedTPSManaged === true
      ? {}
      : { minProvisionedTPS: changeable(campaign.minProvisionedTPS) }),
    campaignConfig: changeable(campaign.campaignConfig, true)
  }),
  createInput: (arnOf) => ({
    kind: "Campaign",
    name: campaign.name,
    solutionVersionArn: arn(arnOf, versionKey),
    minProvisionedTPS: campaign.minProvisionedTPS,
    ...optional("campaignConfig", campaign.campaignConfig),
    ...tagsOf(campaign.tags)
  })
})
