import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { build } from "esbuild"
import { kinesisIngestionIamStatements, segmentIngestionIamStatements } from "../../src/ingestion/index.ts"

const entry = (name: string) => join(import.meta.dirname, "..", "..", "src", "ingestion", name)

/** The AWS SDK clients a bundle of `file` contains. */
const clientsIn = async (file: string) => {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    conditions: ["@personalize-ops/source"]
  })
  const clients = Object.keys(result.metafile.inputs).flatMap((p) => /@aws-sdk\/(client-[a-z-]+)\//.exec(p)?.[1] ?? [])
  return [...new Set(clients)].sort()
}

describe("handler bundles", () => {
  it("each ingestion entry module bundles only the PutEvents and SQS clients", async () => {
    assert.deepStrictEqual(await clientsIn(entry("kinesisHandler.ts")), ["client-personalize-events", "client-sqs"])
    assert.deepStrictEqual(await clientsIn(entry("segmentHandler.ts")), ["client-personalize-events", "client-sqs"])
  })

  it("exports the IAM statements each handler needs", () => {
    const kinesis = kinesisIngestionIamStatements({
      streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/segment",
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:dlq"
    })
    assert.deepStrictEqual(
      kinesis.flatMap((s) => s.Action),
      [
        "personalize:PutEvents",
        "sqs:SendMessage",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
        "kinesis:SubscribeToShard"
      ]
    )
    assert.deepStrictEqual(
      segmentIngestionIamStatements({ deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:dlq" }).map((s) => s.Sid),
      ["PutEvents", "DeadLetter"]
    )
  })
})
