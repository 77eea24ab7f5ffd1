import type { EventTrackerSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, tagsOf } from "./fields.ts"

/** The group's event tracker (nothing on it can be updated or compared). */
export const desiredEventTracker = (tracker: EventTrackerSpec, groupKey: ResourceKey): DesiredResource => ({
  key: resourceKey("EventTracker", tracker.name),
  kind: "EventTracker",
  name: tracker.name,
  dependsOn: [groupKey],
  fields: () => ({}),
  createInput: (arnOf) => ({
    kind: "EventTracker",
    name: tracker.name,
    datasetGroupArn: arn(arnOf, groupKey),
    ...tagsOf(tracker.tags)
  })
})
