import { Context, type Effect } from "effect"

/** What a data location holds, as far as the twin can tell. */
export type DataObject =
  /** A location the twin cannot read (s3://, https://): assumed to hold valid data. */
  | { readonly _tag: "Remote" }
  /** A local location that does not exist. */
  | { readonly _tag: "Missing" }
  /** One or more CSV files (a folder holds several), each with its header row. */
  | { readonly _tag: "Files"; readonly files: ReadonlyArray<{ readonly name: string; readonly text: string }> }

/**
 * Reads an import job's data location, so the in-memory twin can check it against the dataset schema
 * and the training minimums while core stays free of I/O. Memory (a map) and node:fs implementations
 * live in adapters-memory.
 */
export class DataSource extends Context.Service<
  DataSource,
  { readonly read: (location: string) => Effect.Effect<DataObject> }
>()("@personalize-ops/core/personalize/DataSource") {}
