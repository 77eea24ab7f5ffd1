import { Result, Schema } from "effect"
import { decodeWithIssues } from "../input/InputIssues.ts"
import { BatchJobStatus, isTerminal } from "./BatchJobStatus.ts"
import { BatchShapeFields } from "./JobShape.ts"

/**
 * What a Batch Job State Change event may hold (aws-facts §5; EventBridge caps an event at 256 KB).
 * Anything outside is refused on decode, naming the field, so one bad event is rejected and the next
 * goes on (instead of a timestamp Date cannot hold, an id no stream name takes, or a name too big to store).
 */
export const BatchEventLimits = {
  /** EventBridge: one event is at most 256 KB (as UTF-8 JSON). */
  eventBytes: 256 * 1024,
  /** Batch SubmitJob: a job name is up to 128 characters. */
  jobNameChars: 128,
  /** A job id: a UUID, `<uuid>:<index>` for an array child, `<uuid>#<node>` for a node of a multi-node job. */
  jobIdChars: 128,
  jobIdPattern: /^[A-Za-z0-9][A-Za-z0-9:#._-]*$/,
  /** The largest epoch-millisecond magnitude a JavaScript Date holds (±100,000,000 days). */
  epochMillis: 8.64e15,
  /** Queue and job-definition ARNs, and the other strings we keep (AWS ARNs are at most 2,048). */
  arnChars: 2048
} as const
const L = BatchEventLimits

const EpochMillis = Schema.Finite.check(
  Schema.isBetween(
    { minimum: -L.epochMillis, maximum: L.epochMillis },
    { expected: "epoch milliseconds a Date can hold" }
  )
)
const NonEmpty = Schema.String.check(Schema.isMinLength(1))
const Arn = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(L.arnChars))
const JobId = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(L.jobIdChars),
  Schema.isPattern(L.jobIdPattern, { expected: "a Batch job id (letters, digits, and - _ . : #; no spaces)" })
)
const JobName = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(L.jobNameChars))
const IsoTime = Schema.String.check(
  Schema.makeFilter((s: string) => Number.isFinite(Date.parse(s)), { expected: "an ISO-8601 timestamp" })
)
const StringMap = Schema.Record(Schema.String, Schema.String)

/** One finished attempt of a job (Batch `AttemptDetail`), the fields we use. */
export const BatchAttempt = Schema.Struct({
  container: Schema.optionalKey(
    Schema.Struct({
      exitCode: Schema.optionalKey(Schema.Finite),
      reason: Schema.optionalKey(Schema.String),
      logStreamName: Schema.optionalKey(Schema.String)
    })
  ),
  startedAt: Schema.optionalKey(EpochMillis),
  stoppedAt: Schema.optionalKey(EpochMillis),
  statusReason: Schema.optionalKey(Schema.String)
})

/** The event's `detail` (it resembles DescribeJobs' JobDetail). Unknown extra fields are ignored. */
export const BatchJobDetail = Schema.Struct({
  jobArn: Schema.optionalKey(Schema.String),
  jobName: JobName,
  jobId: JobId,
  jobQueue: Arn,
  status: BatchJobStatus,
  statusReason: Schema.optionalKey(Schema.String),
  attempts: Schema.optionalKey(Schema.Array(BatchAttempt)),
  createdAt: Schema.optionalKey(EpochMillis),
  startedAt: Schema.optionalKey(EpochMillis),
  stoppedAt: Schema.optionalKey(EpochMillis),
  jobDefinition: Arn,
  parameters: Schema.optionalKey(StringMap),
  container: Schema.optionalKey(
    Schema.Struct({
      command: Schema.optionalKey(Schema.Array(Schema.String)),
      image: Schema.optionalKey(Schema.String),
      exitCode: Schema.optionalKey(Schema.Finite),
      reason: Schema.optionalKey(Schema.String),
      logStreamName: Schema.optionalKey(Schema.String)
    })
  ),
  tags: Schema.optionalKey(StringMap),
  ...BatchShapeFields
})
export type BatchJobDetail = typeof BatchJobDetail.Type

/** An EventBridge `Batch Job State Change` event (aws-facts §5.1). `time` is ISO-8601; detail times are epoch ms. */
export const BatchJobStateChange = Schema.Struct({
  version: Schema.optionalKey(Schema.String),
  id: NonEmpty,
  "detail-type": Schema.Literal("Batch Job State Change"),
  source: Schema.Literal("aws.batch"),
  account: Schema.String,
  time: IsoTime,
  region: Schema.String,
  resources: Schema.optionalKey(Schema.Array(Schema.String)),
  detail: BatchJobDetail
})
export type BatchJobStateChange = typeof BatchJobStateChange.Type

/** An input that is not a Batch Job State Change event; `path` names the offending field. */
export class InvalidBatchEvent extends Schema.TaggedError<InvalidBatchEvent>()("InvalidBatchEvent", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return this.path === "" ? this.reason : `${this.path}: ${this.reason}`
  }
}

/** The UTF-8 size of a string (a surrogate pair is one 4-byte character). */
const utf8Bytes = (s: string): number => {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

const decode = decodeWithIssues(BatchJobStateChange, { errors: "first" })

/**
 * Decodes one EventBridge event, naming the first bad field. `raw` (the event as received, when the
 * caller has it) is held to EventBridge's size limit.
 */
export const decodeBatchJobStateChange = (
  input: unknown,
  raw?: string
): Result.Result<BatchJobStateChange, InvalidBatchEvent> => {
  if (raw !== undefined && utf8Bytes(raw) > L.eventBytes)
    return Result.fail(
      new InvalidBatchEvent({
        path: "",
        reason: `the event is ${utf8Bytes(raw)} bytes; EventBridge allows ${L.eventBytes}`
      })
    )
  const decoded = decode(input)
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const first = decoded.failure.issues[0]
  return Result.fail(new InvalidBatchEvent({ path: first?.path ?? "", reason: first?.message ?? "invalid event" }))
}

/** The envelope `time` as epoch milliseconds (second precision). */
export const envelopeMillis = (event: BatchJobStateChange): number => Date.parse(event.time)

/**
 * The 1-based attempt an event belongs to. `attempts` lists finished attempts, so a running job is on
 * `attempts.length + 1`, while a terminal event already includes its last attempt.
 */
export const attemptOf = (detail: BatchJobDetail): number => {
  const finished = detail.attempts?.length ?? 0
  return isTerminal(detail.status) ? Math.max(finished, 1) : finished + 1
}

/**
 * When the status was entered: the detail's millisecond timestamps where Batch gives them
 * (`startedAt` for RUNNING, `stoppedAt` for terminal), the envelope time otherwise.
 */
export const statusEnteredAt = (event: BatchJobStateChange): number => {
  const { detail } = event
  if (detail.status === "RUNNING" && detail.startedAt !== undefined) return detail.startedAt
  if (isTerminal(detail.status) && detail.stoppedAt !== undefined) return detail.stoppedAt
  return envelopeMillis(event)
}

/** Two deliveries are the same observation when status, detail timestamps and attempt count agree. */
export const observationKey = (detail: BatchJobDetail): string =>
  [
    detail.status,
    detail.createdAt ?? "",
    detail.startedAt ?? "",
    detail.stoppedAt ?? "",
    detail.attempts?.length ?? 0
  ].join("|")

/** The resource name at the end of an ARN (`…:job-queue/<name>` → `<name>`; job definitions lose `:rev`). */
export const arnName = (arn: string): string => {
  const slash = arn.lastIndexOf("/")
  const name = slash >= 0 ? arn.slice(slash + 1) : arn
  return arn.includes(":job-definition/") ? name.replace(/:\d+$/, "") : name
}
