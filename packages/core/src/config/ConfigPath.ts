import type { InputPath } from "../input/InputIssues.ts"

/** A location in the user's own config document, as segments (`["solutions", 2, "campaigns", 0, "name"]`). */
export type ConfigPath = InputPath

export { formatInputPath as formatPath } from "../input/InputIssues.ts"
