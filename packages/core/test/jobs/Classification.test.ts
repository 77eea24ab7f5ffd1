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
