import { Result, Schema } from "effect"
import { decodeWithIssues } from "../input/InputIssues.ts"
import { arnName } from "./BatchJobStateChange.ts"
import type { JobInfo } from "./JobDecider.ts"

const Regex = Schema.String.check(
  Schema.makeFilter(
    (s: string) => {
      try {
        new RegExp(s)
        return true
      } catch (e) {
        return `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`
      }
    },
    { expected: "a regular expression" }
  )
)

/** A task-type rule: every given pattern must match (case-insensitive) the name part of the ARN. */
export const TaskTypeRule = Schema.Struct({
  taskType: Schema.String.check(Schema.isMinLength(1)),
  jobQueue: Schema.optionalKey(Regex),
  jobDefinition: Schema.optionalKey(Regex),
  jobName: Schema.optionalKey(Regex)
})
export type TaskTypeRule = typeof TaskTypeRule.Type

/**
 * An ID extraction rule. `jobName` takes the first capture group of `pattern`; `commandArg` takes the
 * value after `arg` (`--media_id X` or `--media_id=X`); `parameter` / `tag` read a key (and apply
 * `pattern` to it when given).
 */
export const IdRule = Schema.Union([
  Schema.Struct({ id: Schema.String, from: Schema.Literal("jobName"), pattern: Regex }),
  Schema.Struct({
    id: Schema.String,
    from: Schema.Literal("commandArg"),
    arg: Schema.String.check(Schema.isMinLength(1))
  }),
  Schema.Struct({
    id: Schema.String,
    from: Schema.Literals(["parameter", "tag"]),
    key: Schema.String,
    pattern: Schema.optionalKey(Regex)
  })
])
export type IdRule = typeof IdRule.Type

/** The classification config: first matching task-type rule wins; for each id the first rule that yields a value wins. */
export const ClassificationRules = Schema.Struct({
  taskTypes: Schema.Array(TaskTypeRule),
  defaultTaskType: Schema.optionalKey(Schema.String),
  ids: Schema.optionalKey(Schema.Array(IdRule))
})
export type ClassificationRules = typeof ClassificationRules.Type

/** No rules: every job is of the default task type "Other". */
export const emptyRules: ClassificationRules = { taskTypes: [] }

/** A rules file that does not decode; `path` names the field. */
export class InvalidRules extends Schema.TaggedError<InvalidRules>()("InvalidRules", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `rules ${this.path}: ${this.reason}`
  }
}

const decodeRulesInput = decodeWithIssues(ClassificationRules, { errors: "first" })

/** Decodes classification rules (already parsed JSON). */
export const decodeRules = (input: unknown): Result.Result<ClassificationRules, InvalidRules> => {
  const decoded = decodeRulesInput(input)
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const first = decoded.failure.issues[0]
  const path = first?.path ?? ""
  return Result.fail(new InvalidRules({ path: path === "" ? "(root)" : path, reason: first?.message ?? "invalid" }))
}

const matches = (pattern: string | undefined, value: string) =>
  pattern === undefined || new RegExp(pattern, "i").test(value)

/** The task type of a job by the first rule whose patterns all match. */
export const classifyTaskType = (rules: ClassificationRules, info: JobInfo): string => {
  const queue = arnName(info.jobQueue)
  const definition = arnName(info.jobDefinition)
  const rule = rules.taskTypes.find(
    (r) =>
      (r.jobQueue !== undefined || r.jobDefinition !== undefined || r.jobName !== undefined) &&
      matches(r.jobQueue, queue) &&
      matches(r.jobDefinition, definition) &&
      matches(r.jobName, info.jobName)
  )
  return rule?.taskType ?? rules.defaultTaskType ?? "Other"
}

const firstGroup = (pattern: string, value: string): string | undefined => {
  const m = new RegExp(pattern).exec(value)
  if (m === null) return undefined
  return m.groups?.["id"] ?? m[1] ?? m[0]
}

const commandArg = (command: ReadonlyArray<string>, arg: string): string | undefined => {
  for (let i = 0; i < command.length; i++) {
    const word = command[i]!
    if (word === arg) return command[i + 1]
    if (word.startsWith(`${arg}=`)) return word.slice(arg.length + 1)
  }
  return undefined
}

const extract = (rule: IdRule, info: JobInfo): string | undefined => {
  switch (rule.from) {
    case "jobName":
      return firstGroup(rule.pattern, info.jobName)
    case "commandArg":
      return info.command === undefined ? undefined : commandArg(info.command, rule.arg)
    case "parameter":
    case "tag": {
      const value = (rule.from === "parameter" ? info.parameters : info.tags)?.[rule.key]
      return value === undefined || rule.pattern === undefined ? value : firstGroup(rule.pattern, value)
    }
  }
}

/** The business ids of a job (e.g. `media_id`), by the first rule per id that yields a non-empty value. */
export const extractIds = (rules: ClassificationRules, info: JobInfo): { readonly [id: string]: string } => {
  const ids: Record<string, string> = {}
  for (const rule of rules.ids ?? []) {
    if (ids[rule.id] !== undefined) continue
    const value = extract(rule, info)
    if (value !== undefined && value !== "") ids[rule.id] = value
  }
  return ids
}
