import { Result } from "effect"
import { Base64 } from "effect/encoding"
import { type InputIssue, jsonDepthIssue, parseJson } from "../input/InputIssues.ts"
import { stringifyJson } from "../input/JsonDepth.ts"

/** How a record arrived: base64 bytes (Kinesis), a text line (NDJSON), or an already parsed value (Segment's Lambda destination). */
export type RecordPayload =
  | { readonly _tag: "Base64"; readonly data: string }
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Parsed"; readonly value: unknown }

/** One record of an invocation; `id` is what a retry is reported by (the Kinesis sequence number). */
export interface IngestRecord {
  readonly id: string
  readonly payload: RecordPayload
}

const reasonOf = (issues: ReadonlyArray<InputIssue>): string =>
  issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")

const parseText = (text: string): Result.Result<unknown, string> =>
  Result.mapError(parseJson(text), ({ issues }) => reasonOf(issues))

/** Decodes a payload to a JSON value, or the reason it is invalid (bad base64, bad JSON, nested too deep). */
export const parsePayload = (payload: RecordPayload): Result.Result<unknown, string> => {
  switch (payload._tag) {
    case "Parsed": {
      const deep = jsonDepthIssue(payload.value)
      return deep === undefined ? Result.succeed(payload.value) : Result.fail(reasonOf([deep]))
    }
    case "Text":
      return parseText(payload.text)
    case "Base64": {
      const text = Base64.decodeString(payload.data)
      return Result.isFailure(text) ? Result.fail(`bad base64: ${text.failure.message}`) : parseText(text.success)
    }
  }
}

/** The payload as it arrived, for a dead letter: kept byte for byte (base64 stays base64). */
export const rawPayload = (payload: RecordPayload): { readonly encoding: "base64" | "utf8"; readonly body: string } => {
  switch (payload._tag) {
    case "Base64":
      return { encoding: "base64", body: payload.data }
    case "Text":
      return { encoding: "utf8", body: payload.text }
    case "Parsed":
      return { encoding: "utf8", body: stringifyJson(payload.value) }
  }
}
