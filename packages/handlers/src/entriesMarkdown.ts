import type { LambdaEntry, Trigger } from "./entries.ts"

const triggerText = (t: Trigger): string => {
  switch (t._tag) {
    case "Schedule":
      return `schedule \`${t.expression}\``
    case "Kinesis":
      return "Kinesis (ReportBatchItemFailures, bisect)"
    case "EventBridge":
      return `EventBridge \`${t.pattern.source.join(",")}\`: ${t.pattern["detail-type"].map((d) => `\`${d}\``).join(", ")}${t.scopedBy === undefined ? "" : ` (\`${t.scopedBy.field}\` in \`${t.scopedBy.scope}\` when set)`}`
    case "CustomResource":
      return "custom resource"
    case "FunctionUrl":
      return `function URL (${t.authType})`
    case "HttpApi":
      return `HTTP API (${t.authorizer} authorizer)`
    case "Invoke":
      return `invoked by ${t.by}`
  }
}

/**
 * The entries table as a Markdown table (README "Deploying the handlers"): required variables in bold,
 * variables fed from a deployment resource as `NAME←resource`, Lambda's own variables left out.
 */
export const renderEntriesMarkdown = (entries: ReadonlyArray<LambdaEntry>): string => {
  const rows = entries.map((e) => {
    const env = e.env
      .filter((v) => v.from?._tag !== "Lambda")
      .filter((v) => v.required || v.from !== undefined)
      .map((v) => {
        const name =
          v.from?._tag === "Resource"
            ? `${v.name}←${v.from.resource}`
            : v.from?._tag === "Scope"
              ? `${v.name}←${v.from.scope}`
              : v.name
        return v.required ? `**\`${name}\`**` : `\`${name}\``
      })
    const optional = e.env.filter((v) => !v.required && v.from === undefined).length
    const envText = [...env, ...(optional > 0 ? [`${optional} optional settings`] : [])].join(", ")
    return `| \`${e.name}\` | \`${e.module}\` → \`${e.export}\` | ${e.triggers.map(triggerText).join("; ")} | ${envText} | ${e.description} |`
  })
  return [
    "| function | entry module → export | trigger | env | what it does |",
    "| --- | --- | --- | --- | --- |",
    ...rows
  ].join("\n")
}
