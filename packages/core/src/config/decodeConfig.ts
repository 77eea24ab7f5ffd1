import type { ConfigFormat, Deployment } from "./Deployment.ts"

/** One problem in a config, with its path in the user's own document (`solutions[2].campaigns[0].serviceConfig.name`). */
export interface ConfigIssue {
  readonly path: string
  readonly message: string
}

/** A decoded config: valid with its deployment, or every issue found at once. */
export type ConfigDecodeResult =
  | { readonly valid: true; readonly format: ConfigFormat; readonly deployment: Deployment }
  | { readonly valid: false; readonly format: ConfigFormat | "unknown"; readonly issues: ReadonlyArray<ConfigIssue> }

/** Detects the format of a parsed JSON config and decodes it into a Deployment. */
export const decodeConfig = (_input: unknown): ConfigDecodeResult => ({
  valid: false,
  format: "unknown",
  issues: [{ path: "", message: "config decoding is not built yet" }]
})
