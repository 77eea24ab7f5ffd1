import { Schema } from "effect"

/** An outside system (CloudWatch, Personalize, EventBridge, SNS) failed; `name` is its exception name. */
export class MonitoringFailure extends Schema.TaggedError<MonitoringFailure>()("MonitoringFailure", {
  operation: Schema.String,
  name: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.name}: ${this.detail}`
  }
}

/** The campaign or recommender does not exist (any more). */
export class ResourceGone extends Schema.TaggedError<ResourceGone>()("ResourceGone", { arn: Schema.String }) {
  override get message() {
    return `${this.arn} does not exist`
  }
}

/** The resource is in a state that refuses the change (ResourceInUseException, not ACTIVE, …). */
export class ResourceBusy extends Schema.TaggedError<ResourceBusy>()("ResourceBusy", {
  arn: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.arn} is busy: ${this.detail}`
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

/** The resource could not be described right now (throttled, no recent description): skip it this run. */
export class ResourceUnavailable extends Schema.TaggedError<ResourceUnavailable>()("ResourceUnavailable", {
  arn: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.arn} is unavailable this run: ${this.detail}`
  }
}
