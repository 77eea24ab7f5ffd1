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

/**
 * `personalize-ops events map`: maps Segment events offline and prints the PutEvents (and, with users/items
 * rules, PutUsers/PutItems) requests the handlers would send.
 */
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
  // Likewise the Users/Items datasets: the requests show the records, not where they go.
  const plan = Ingestion.planIngestion({
    trackingId: "offline",
    rules: rules.success,
    records,
    datasets: { users: "offline", items: "offline" }
  })
  // `lines` names the input line of each event (in eventList order), so a reader can trace every event back.
  const requests = plan.requests.map(({ request: { trackingId: _, ...rest }, recordIds }) => ({
    ...rest,
    lines: recordIds.map(Number)
  }))
  const lineLists = (ids: ReadonlyArray<ReadonlyArray<string>>) => ids.map((l) => l.map(Number))
  const users = plan.users.map((r) => ({ users: r.request.users, lines: lineLists(r.recordIds) }))
  const items = plan.items.map((r) => ({ items: r.request.items, lines: lineLists(r.recordIds) }))
  const verdicts = (vs: ReadonlyArray<Ingestion.RecordVerdict>) =>
    vs.map((v) => ({ line: Number(v.id), reason: v.reason }))
  if (options.json) {
    const droppedProperties = plan.droppedProperties.map((d) => ({ line: Number(d.id), names: d.names }))
    io.stdout(
      `${JSON.stringify({ requests, users, items, skipped: verdicts(plan.skipped), invalid: verdicts(plan.invalid), droppedProperties })}\n`
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
  for (const [kind, planned] of [
    [
      "PutUsers",
      plan.users.map((r) => ({ ids: r.request.users.map((u) => [u.userId, u.properties]), lines: r.recordIds }))
    ],
    [
      "PutItems",
      plan.items.map((r) => ({ ids: r.request.items.map((i) => [i.itemId, i.properties]), lines: r.recordIds }))
    ]
  ] as const)
    planned.forEach((r, n) => {
      out.push(`${kind} ${n + 1}: ${r.ids.length} record(s)`)
      for (const [i, [id, properties]] of r.ids.entries())
        out.push(
          `  line ${r.lines[i]?.join(", ")}: ${id}${properties === undefined ? "" : ` properties=${properties}`}`
        )
    })
  for (const v of plan.skipped) out.push(`skipped line ${v.id}: ${v.reason}`)
  for (const v of plan.invalid) out.push(`invalid line ${v.id}: ${v.reason}`)
  for (const d of plan.droppedProperties)
    out.push(
      `line ${d.id}: dropped ${d.names.join(", ")} (properties over ${Ingestion.PutEventsLimits.propertiesChars.max} characters)`
    )
  const events = plan.requests.reduce((n, r) => n + r.request.eventList.length, 0)
  const entryCount = (ps: ReadonlyArray<{ readonly recordIds: ReadonlyArray<unknown> }>) =>
    ps.reduce((n, r) => n + r.recordIds.length, 0)
  const datasetCalls = [
    ...(plan.users.length === 0 ? [] : [`${plan.users.length} PutUsers with ${entryCount(plan.users)} user(s)`]),
    ...(plan.items.length === 0 ? [] : [`${plan.items.length} PutItems with ${entryCount(plan.items)} item(s)`])
  ]
  out.push(
    [
      `${records.length} line(s): ${plan.requests.length} request(s) with ${events} event(s)`,
      ...datasetCalls,
      `${plan.skipped.length} skipped`,
      `${plan.invalid.length} invalid`
    ].join(", ")
  )
  io.stdout(`${out.join("\n")}\n`)
  return ExitCode.Ok
}
