import { Ingestion, Input } from "@personalize-ops/core"
import { Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"

/** Loads the rules file, or the message (with field paths) to print before exiting with 2. */
const loadRules = async (
  path: string | undefined,
  io: CliIo
): Promise<Result.Result<Ingestion.MappingRules, string>> => {
  if (path === undefined) return Result.succeed(Ingestion.defaultMappingRules)
  let text: string
  try {
    text = await io.readFile(path)
  } catch (error) {
    return Result.fail(`cannot read rules file ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return Result.fail(`rules file ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  const rules = Ingestion.decodeMappingRules(parsed)
  return Result.isSuccess(rules)
    ? Result.succeed(rules.success)
    : Result.fail(`rules file ${path} is invalid:\n${Input.showInputIssues(rules.failure.issues).replace(/^/gm, "  ")}`)
}

/** `personalize-ops events map`: maps Segment events offline and prints the PutEvents requests it would send. */
export const runEventsMap = async (
  options: { readonly rules: string | undefined; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const rules = await loadRules(options.rules, io)
  if (Result.isFailure(rules)) {
    io.stderr(`personalize-ops events map: ${rules.failure}\n`)
    return ExitCode.Usage
  }
  const lines = (await io.readStdin()).split(/\r?\n/)
  const records = lines.flatMap(
    (text, i): Array<Ingestion.IngestRecord> =>
      text.trim() === "" ? [] : [{ id: String(i + 1), payload: { _tag: "Text", text } }]
  )
  // Offline there is no event tracker; the tracking id is the handler's configuration, not the data's.
  const plan = Ingestion.planIngestion({ trackingId: "offline", rules: rules.success, records })
  // `lines` names the input line of each event (in eventList order), so a reader can trace every event back.
  const requests = plan.requests.map(({ request: { trackingId: _, ...rest }, recordIds }) => ({
    ...rest,
    lines: recordIds.map(Number)
  }))
  const verdicts = (vs: ReadonlyArray<Ingestion.RecordVerdict>) =>
    vs.map((v) => ({ line: Number(v.id), reason: v.reason }))
  if (options.json) {
    const droppedProperties = plan.droppedProperties.map((d) => ({ line: Number(d.id), names: d.names }))
    io.stdout(
      `${JSON.stringify({ requests, skipped: verdicts(plan.skipped), invalid: verdicts(plan.invalid), droppedProperties })}\n`
    )
    return ExitCode.Ok
  }
  const out: Array<string> = []
  plan.requests.forEach((r, n) => {
    const who = r.request.userId === undefined ? "anonymous" : `user ${r.request.userId}`
    out.push(`request ${n + 1}: session ${r.request.sessionId}, ${who}, ${r.request.eventList.length} event(s)`)
    r.request.eventList.forEach((e, i) => {
      const extra = [
        e.itemId === undefined ? "" : ` item=${e.itemId}`,
        e.eventValue === undefined ? "" : ` value=${e.eventValue}`,
        e.properties === undefined ? "" : ` properties=${e.properties}`
      ].join("")
      out.push(`  line ${r.recordIds[i]}: ${e.eventType}${extra} sentAt=${e.sentAt} eventId=${e.eventId}`)
    })
  })
  for (const v of plan.skipped) out.push(`skipped line ${v.id}: ${v.reason}`)
  for (const v of plan.invalid) out.push(`invalid line ${v.id}: ${v.reason}`)
  for (const d of plan.droppedProperties)
    out.push(
      `line ${d.id}: dropped ${d.names.join(", ")} (properties over ${Ingestion.PutEventsLimits.propertiesChars.max} characters)`
    )
  const events = plan.requests.reduce((n, r) => n + r.request.eventList.length, 0)
  out.push(
    `${records.length} line(s): ${plan.requests.length} request(s) with ${events} event(s), ${plan.skipped.length} skipped, ${plan.invalid.length} invalid`
  )
  io.stdout(`${out.join("\n")}\n`)
  return ExitCode.Ok
}
