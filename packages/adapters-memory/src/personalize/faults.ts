/** Seeded fault injection: what fraction of calls/resources misbehave, and how. */
export interface FaultProfile {
  /** Probability a created resource ends CREATE FAILED (with a failureReason). */
  readonly createFailure: number
  /** Probability any call is answered with ThrottlingException. */
  readonly throttle: number
  /** Probability a resource takes `slowFactor` times its usual time. */
  readonly slow: number
  readonly slowFactor: number
}

export const faultProfiles = {
  none: { createFailure: 0, throttle: 0, slow: 0, slowFactor: 1 },
  light: { createFailure: 0.03, throttle: 0.05, slow: 0.1, slowFactor: 3 },
  heavy: { createFailure: 0.12, throttle: 0.25, slow: 0.3, slowFactor: 4 }
} as const satisfies Record<string, FaultProfile>

export type FaultProfileName = keyof typeof faultProfiles

/** Failure texts the twin uses when a fault makes a resource fail (one per kind family). */
export const injectedFailureReasons = {
  DatasetGroup: "Internal server error. Please retry.",
  Dataset: "Internal server error. Please retry.",
  DatasetImportJob: "Input data location is not accessible: Access Denied (Service: Amazon S3; Status Code: 403).",
  EventTracker: "Internal server error. Please retry.",
  Filter: "Internal server error. Please retry.",
  Solution: "Internal server error. Please retry.",
  SolutionVersion: "Training failed: the training job exceeded the maximum runtime.",
  Campaign: "Internal server error while deploying the campaign. Please retry.",
  Recommender: "Training failed: the training job exceeded the maximum runtime.",
  BatchInferenceJob: "Input file not found or not readable.",
  BatchSegmentJob: "Input file not found or not readable.",
  Schema: "Internal server error. Please retry."
} as const
