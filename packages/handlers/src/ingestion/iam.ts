import type { IamStatement } from "../iam.ts"

// PutEvents has no resource-level permissions (aws-facts §3.1): Resource "*".
const putEvents: IamStatement = {
  Sid: "PutEvents",
  Effect: "Allow",
  Action: ["personalize:PutEvents"],
  Resource: ["*"]
}
// PutUsers/PutItems are authorised on the dataset (the service authorization reference lists the dataset
// resource for both); the datasets are configured per deployment, so the wildcard stays within them.
const putRecords = (datasetArns: ReadonlyArray<string>): ReadonlyArray<IamStatement> =>
  datasetArns.length === 0
    ? []
    : [
        {
          Sid: "PutUsersItems",
          Effect: "Allow",
          Action: ["personalize:PutUsers", "personalize:PutItems"],
          Resource: [...datasetArns]
        }
      ]
// SendMessageBatch is authorised by sqs:SendMessage.
const deadLetter = (queueArn: string): IamStatement => ({
  Sid: "DeadLetter",
  Effect: "Allow",
  Action: ["sqs:SendMessage"],
  Resource: [queueArn]
})

/** What the Kinesis handler's role needs (plus AWSLambdaBasicExecutionRole for logs). */
export const kinesisIngestionIamStatements = (arns: {
  readonly streamArn: string
  readonly deadLetterQueueArn: string
  /** The Users/Items datasets, when the rules map users or items. */
  readonly datasetArns?: ReadonlyArray<string>
}): ReadonlyArray<IamStatement> => [
  putEvents,
  ...putRecords(arns.datasetArns ?? []),
  deadLetter(arns.deadLetterQueueArn),
  {
    Sid: "ReadStream",
    Effect: "Allow",
    Action: [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
      "kinesis:SubscribeToShard"
    ],
    Resource: [arns.streamArn, `${arns.streamArn}/consumer/*`]
  }
]

/** What the Segment destination handler's role needs (plus AWSLambdaBasicExecutionRole for logs). */
export const segmentIngestionIamStatements = (arns: {
  readonly deadLetterQueueArn: string
  readonly datasetArns?: ReadonlyArray<string>
}): ReadonlyArray<IamStatement> => [
  putEvents,
  ...putRecords(arns.datasetArns ?? []),
  deadLetter(arns.deadLetterQueueArn)
]
