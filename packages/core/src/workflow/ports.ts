import { Context, type Effect, Schema } from "effect"

/** A bucket call failed (not "no such key": that is an answer, not a failure). */
export class BucketFailure extends Schema.TaggedError<BucketFailure>()("BucketFailure", {
  operation: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.detail}`
  }
}

/** An object's text and ETag. */
export interface StoredObject {
  readonly text: string
  readonly eTag: string
}

/**
 * The deployment's bucket, as the provisioning workflow reads it: the uploaded config, and whether
 * data is present where the replaced systems look for it. S3 on AWS; a local folder (or a map) offline.
 */
export class ConfigBucket extends Context.Service<
  ConfigBucket,
  {
    /** The object, or undefined when there is no such key. */
    readonly get: (bucket: string, key: string) => Effect.Effect<StoredObject | undefined, BucketFailure>
    /**
     * Whether anything is stored under `prefix` (a folder `a/b/`, or a whole key `a/b.csv`);
     * `"unknown"` when the store cannot tell (a remote bucket offline): the caller assumes it is there.
     */
    readonly holds: (bucket: string, prefix: string) => Effect.Effect<boolean | "unknown", BucketFailure>
  }
>()("@personalize-ops/core/workflow/ConfigBucket") {}

/** Starting an execution failed. */
export class ExecutionsFailure extends Schema.TaggedError<ExecutionsFailure>()("ExecutionsFailure", {
  operation: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.detail}`
  }
}

/** A start request's answer: `started` is false when the name was already used (a duplicate event). */
export interface ExecutionStart {
  readonly executionArn: string
  readonly started: boolean
}

/** The provisioning state machine's executions (Step Functions StartExecution on AWS; a list offline). */
export class Executions extends Context.Service<
  Executions,
  {
    /** Starts an execution named `name` once; a name already used answers `started: false`. */
    readonly start: (name: string, input: string) => Effect.Effect<ExecutionStart, ExecutionsFailure>
  }
>()("@personalize-ops/core/workflow/Executions") {}
