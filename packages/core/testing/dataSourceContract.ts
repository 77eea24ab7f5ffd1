// The contract every DataSource adapter must pass: what an import job's data location holds.
// An adapter's test file calls `dataSourceContract("memory", (files) => Effect.succeed(...))`.
import { assert, describe, it } from "@effect/vitest"
import type * as P from "@personalize-ops/core/personalize"
import { Effect, type Scope } from "effect"

/** A port under test and the location where it keeps each file it was given. */
export interface DataSourceSubject {
  readonly port: P.DataSource["Service"]
  readonly location: (name: string) => string
}

/** Builds a subject holding `files` (CSV text by file name). */
export type MakeDataSourceSubject = (
  files: ReadonlyArray<{ readonly name: string; readonly text: string }>
) => Effect.Effect<DataSourceSubject, never, Scope.Scope>

const csv = "USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\n"

export const dataSourceContract = (name: string, make: MakeDataSourceSubject) =>
  describe(`DataSource contract: ${name}`, () => {
    it.live("reads a file it holds as CSV text; a location it does not hold is Missing; remote ones are Remote", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make([{ name: "interactions.csv", text: csv }])
          const location = subject.location("interactions.csv")
          assert.deepStrictEqual(yield* subject.port.read(location), {
            _tag: "Files",
            files: [{ name: location, text: csv }]
          })
          assert.deepStrictEqual(yield* subject.port.read(subject.location("absent.csv")), { _tag: "Missing" })
          for (const remote of ["s3://bucket/interactions/", "https://example.com/data.csv"])
            assert.deepStrictEqual(yield* subject.port.read(remote), { _tag: "Remote" })
        })
      )
    )
  })
