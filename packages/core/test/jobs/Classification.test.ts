import { readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Jobs } from "@personalize-ops/core"
import { Result } from "effect"

const exampleRules = (): Jobs.ClassificationRules => {
  const text = readFileSync(join(import.meta.dirname, "../../../../examples/jobs/rules.json"), "utf8")
  const decoded = Jobs.decodeRules(JSON.parse(text))
  if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
  return decoded.success
}

const info = (over: Partial<Jobs.JobInfo>): Jobs.JobInfo => ({
  jobName: "job",
  jobQueue: "arn:aws:batch:eu-west-1:1:job-queue/default",
  jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/def:1",
  region: "eu-west-1",
  account: "1",
  ...over
})

describe("classification rules", () => {
  const rules = exampleRules()

  it("maps queues and definitions to the seed's task types by the first matching rule", () => {
    assert.strictEqual(
      Jobs.classifyTaskType(rules, info({ jobQueue: "arn:aws:batch:eu-west-1:1:job-queue/media-ingest-prod" })),
      "Ingest"
    )
    assert.strictEqual(
      Jobs.classifyTaskType(
        rules,
        info({ jobName: "assembly-w1-x", jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/zip-packager:4" })
      ),
      "Assembly (Zip Package)"
    )
    assert.strictEqual(
      Jobs.classifyTaskType(rules, info({ jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/OCR-v2:1" })),
      "Text Recognition"
    )
    assert.strictEqual(Jobs.classifyTaskType(rules, info({})), "Other")
    assert.strictEqual(Jobs.classifyTaskType(Jobs.emptyRules, info({})), "Other")
  })

  it("extracts ids from command args, job names, parameters and tags", () => {
    const hex = "0123456789abcdef01234567"
    assert.deepStrictEqual(
      Jobs.extractIds(
        rules,
        info({
          jobName: `assembly-wu9-label-${hex}-zip_package-30`,
          command: ["python", "run.py", "--task_id=t-7", "--wuid", "w-1"],
          tags: { team: "media" }
        })
      ),
      // the assembly id is not also taken as the media id (the seed's fallback bug)
      { workspace_uid: "w-1", task_id: "t-7", assembly_id: hex, owner: "media" }
    )
    assert.strictEqual(Jobs.extractIds(rules, info({ jobName: `ingest-${hex}-x` })).media_id, hex)
    // the command wins over the name; the parameter is the last fallback
    assert.deepStrictEqual(
      Jobs.extractIds(rules, info({ command: ["--media_id", "m-9"], jobName: `x-${hex}` })).media_id,
      "m-9"
    )
    assert.deepStrictEqual(Jobs.extractIds(rules, info({ parameters: { mediaId: "p-1" } })).media_id, "p-1")
  })

  it("rejects rules that do not decode, naming the field", () => {
    const bad = Jobs.decodeRules({ taskTypes: [{ taskType: "X", jobQueue: "(" }] })
    assert.isTrue(Result.isFailure(bad))
    if (Result.isFailure(bad)) assert.strictEqual(bad.failure.path, "taskTypes[0].jobQueue")
    const wrongFrom = Jobs.decodeRules({ taskTypes: [], ids: [{ id: "a", from: "env" }] })
    assert.isTrue(Result.isFailure(wrongFrom))
  })
})

describe("classification rule details", () => {
  const queue = (name: string) => `arn:aws:batch:eu-west-1:1:job-queue/${name}`
  const definition = (name: string) => `arn:aws:batch:eu-west-1:1:job-definition/${name}:1`

  it("a rule matches the name part of the ARNs, ignoring case; a rule without patterns never matches", () => {
    const rules: Jobs.ClassificationRules = {
      taskTypes: [
        { taskType: "Catch-all" },
        { taskType: "Both", jobQueue: "^gpu$", jobDefinition: "^train$" },
        { taskType: "Named", jobName: "^nightly-" }
      ],
      defaultTaskType: "Misc"
    }
    const classify = (over: Partial<Jobs.JobInfo>) => Jobs.classifyTaskType(rules, info(over))
    assert.strictEqual(classify({ jobQueue: queue("GPU"), jobDefinition: definition("Train") }), "Both")
    // every given pattern must match
    assert.strictEqual(classify({ jobQueue: queue("gpu"), jobDefinition: definition("score") }), "Misc")
    assert.strictEqual(classify({ jobQueue: queue("gpu-2"), jobDefinition: definition("train") }), "Misc")
    assert.strictEqual(classify({ jobName: "NIGHTLY-1" }), "Named")
    assert.strictEqual(classify({ jobName: "my-nightly-1" }), "Misc")
  })

  it("ids: a named group `id` wins over the first group, the whole match without groups; the first non-empty rule wins", () => {
    const rules: Jobs.ClassificationRules = {
      taskTypes: [],
      ids: [
        { id: "a", from: "jobName", pattern: "(x)-(?<id>\\d+)" },
        { id: "b", from: "jobName", pattern: "x-(\\d)" },
        { id: "c", from: "jobName", pattern: "x-\\d" },
        { id: "d", from: "commandArg", arg: "--last" },
        { id: "d", from: "parameter", key: "d" },
        { id: "e", from: "tag", key: "e", pattern: "^v(\\d+)$" },
        { id: "e", from: "tag", key: "e2" },
        { id: "f", from: "parameter", key: "empty" },
        { id: "f", from: "commandArg", arg: "--f" },
        { id: "g", from: "commandArg", arg: "--g" }
      ]
    }
    assert.deepStrictEqual(
      Jobs.extractIds(
        rules,
        info({
          jobName: "job-x-42",
          // `--last` has no value after it; `--g` is not given
          command: ["run", "--f=f1", "--gx", "1", "--last"],
          parameters: { d: "d1", empty: "" },
          tags: { e: "w7", e2: "e2" }
        })
      ),
      { a: "42", b: "4", c: "x-4", d: "d1", e: "e2", f: "f1" }
    )
    // a command arg is exact: `--f` does not take `--ff=1`; the first rule yielding a value wins
    assert.deepStrictEqual(
      Jobs.extractIds(rules, info({ jobName: "n", command: ["--ff=1", "--f", "f2", "--f", "f3"], tags: { e: "v12" } })),
      { f: "f2", e: "12" }
    )
    // no command, no parameters, no tags
    assert.deepStrictEqual(Jobs.extractIds(rules, info({ jobName: "n" })), {})
  })

  it("an invalid rules file names its first bad field and why; a non-object is the root", () => {
    const bad = Jobs.decodeRules({ taskTypes: [{ taskType: "" }] })
    assert.isTrue(Result.isFailure(bad))
    if (Result.isFailure(bad)) {
      assert.strictEqual(bad.failure.path, "taskTypes[0].taskType")
      assert.match(bad.failure.message, /^rules taskTypes\[0\]\.taskType: /)
    }
    const root = Jobs.decodeRules("rules")
    assert.isTrue(Result.isFailure(root))
    if (Result.isFailure(root)) assert.strictEqual(root.failure.path, "(root)")
    const regex = Jobs.decodeRules({ taskTypes: [], ids: [{ id: "a", from: "jobName", pattern: "[" }] })
    assert.isTrue(Result.isFailure(regex))
    if (Result.isFailure(regex)) assert.match(regex.failure.reason, /invalid regular expression: /)
  })
})
