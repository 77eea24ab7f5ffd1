import type { InputIssue } from "../input/InputIssues.ts"
import type { Notification } from "../notify/Notifications.ts"
import type { ProvisioningExecution } from "./ProvisioningExecution.ts"

/** How an execution ended, as the anchor's notification spells it (`UPDATE COMPLETE` / `UPDATE FAILED`). */
export type ExecutionOutcome = "succeeded" | "failed"

const where = (source: ProvisioningExecution["source"]) =>
  source === undefined ? "" : ` (s3://${source.bucket}/${source.key})`

/** The cause of a failed execution: the failed resources, the bound that ran out, or the task's error. */
export const failureCauses = (state: ProvisioningExecution): ReadonlyArray<string> => {
  const failures = (state.failures ?? []).map((f) => {
    const skipped = f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")
    return `${f.kind} ${f.name}: ${f.cause}${skipped === "" ? "" : ` (not attempted: ${skipped})`}`
  })
  if (failures.length > 0) return failures
  if (state.error !== undefined) return [`${state.error.Error ?? "Error"}: ${state.error.Cause ?? "no cause given"}`]
  if (state.cause !== undefined) return [state.cause]
  return ["the execution failed without a cause"]
}

/** The outcome of a finished execution (the Notify task's input). */
export const executionOutcome = (state: ProvisioningExecution): ExecutionOutcome =>
  state.status === "done" && state.error === undefined ? "succeeded" : "failed"

/**
 * The notification of a finished execution, per protocol: readable text for e-mail, the JSON
 * document for SQS / Lambda / HTTP, a short line for SMS. A failure lists each cause and the
 * dependents it left unattempted.
 */
export const executionNotification = (state: ProvisioningExecution, region: string): Notification => {
  const outcome = executionOutcome(state)
  const verb = state.mode === "destroy" ? "teardown" : "provisioning"
  const subject = `personalize-ops: ${state.datasetGroup} ${verb} ${outcome}`
  const resources = state.resources ?? []
  const causes = outcome === "failed" ? failureCauses(state) : []
  const lines = [
    `The ${verb} of dataset group ${state.datasetGroup}${where(state.source)} ${outcome} after ${state.iteration} passes (${state.elapsedSeconds} s).`,
    ...(causes.length === 0 ? [] : ["", "Failures:", ...causes.map((c) => `  - ${c}`)]),
    ...(resources.length === 0
      ? []
      : [
          "",
          "Resources:",
          ...resources.map(
            (r) =>
              `  - ${r.kind} ${r.name}: ${r.state}${r.status === undefined ? "" : ` (${r.status})`}${r.arn === undefined ? "" : ` ${r.arn}`}`
          )
        ]),
    ...((state.notImported ?? []).length === 0
      ? []
      : ["", `Created without data (nothing found to import): ${(state.notImported ?? []).join(", ")}`]),
    "",
    `Correlation id: ${state.correlationId}`
  ]
  const message = lines.join("\n")
  const json = {
    datasetGroup: state.datasetGroup,
    mode: state.mode,
    status: outcome === "succeeded" ? "UPDATE COMPLETE" : "UPDATE FAILED",
    summary: subject,
    iterations: state.iteration,
    elapsedSeconds: state.elapsedSeconds,
    resources,
    failures: state.failures ?? [],
    ...(causes.length === 0 ? {} : { causes }),
    ...(state.notImported === undefined ? {} : { notImported: state.notImported }),
    ...(state.source === undefined ? {} : { source: state.source }),
    correlationId: state.correlationId
  }
  const sms =
    outcome === "succeeded"
      ? `${state.datasetGroup}: ${verb} succeeded (${resources.length} resources)`
      : `${state.datasetGroup}: ${verb} FAILED (${causes.length} ${causes.length === 1 ? "cause" : "causes"}): ${causes[0] ?? ""}`.slice(
          0,
          140
        )
  return { subject, message, region, detail: json, protocols: { email: message, sms, json } }
}

/** The notification of a config that did not validate: every issue with its path; nothing was started. */
export const invalidConfigNotification = (input: {
  readonly bucket: string
  readonly key: string
  readonly issues: ReadonlyArray<InputIssue>
  readonly region: string
}): Notification => {
  const subject = `personalize-ops: invalid config ${input.key}`
  const message = [
    `The config s3://${input.bucket}/${input.key} was not applied: ${input.issues.length} ${input.issues.length === 1 ? "issue" : "issues"}.`,
    "",
    ...input.issues.map((i) => `  - ${i.path === "" ? "(the document)" : i.path}: ${i.message}`),
    "",
    "Nothing was started. Fix the config and upload it again."
  ].join("\n")
  const json = { status: "INVALID CONFIG", bucket: input.bucket, key: input.key, issues: input.issues }
  return {
    subject,
    message,
    region: input.region,
    detail: json,
    protocols: {
      email: message,
      sms: `personalize-ops: ${input.key} invalid (${input.issues.length} issues): ${input.issues[0]?.path ?? ""} ${input.issues[0]?.message ?? ""}`.slice(
        0,
        140
      ),
      json
    }
  }
}
