import { Schema } from "effect"

/**
 * An outside system (CloudWatch, EventBridge, SNS) failed; `name` is its exception name. Personalize
 * calls fail with the one `PersonalizeError` family of core/personalize.
 */
export class MonitoringFailure extends Schema.TaggedError<MonitoringFailure>()("MonitoringFailure", {
  operation: Schema.String,
  name: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.name}: ${this.detail}`
  }
}

/** An input (event, file, env) did not decode; `path` names the field. */
export class MonitorInputInvalid extends Schema.TaggedError<MonitorInputInvalid>()("MonitorInputInvalid", {
  path: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.path === "" ? "input" : this.path}: ${this.detail}`
  }
}
