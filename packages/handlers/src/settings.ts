/**
 * How a handler reads its settings: one effect `Config` per environment variable, read through the
 * variable's entries-table row (`EnvVar`), so the rows a settings module exports are exactly what it reads,
 * and every bad or missing value fails the cold start with one error, `SettingsError`, naming the variable.
 */
import { Config, Effect, Schema } from "effect"
import type { EnvVar } from "./LambdaEntry.ts"

/** A handler's environment is missing or wrong; raised at cold start, naming the variable. */
export class SettingsError extends Schema.TaggedError<SettingsError>()("SettingsError", {
  variable: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `invalid configuration ${this.variable}: ${this.detail}`
  }
}

/** Reads the variable of `row` with the config `read` builds from its name; a failure names the variable. */
export const readEnv = <A>(row: EnvVar, read: (name: string) => Config.Config<A>): Effect.Effect<A, SettingsError> =>
  Effect.mapError(read(row.name), (e) => new SettingsError({ variable: row.name, detail: e.message }))

/** Refuses the value of `row` (a check `Config` cannot express, e.g. a cross-variable rule). */
export const refuseEnv = (row: EnvVar, detail: string): Effect.Effect<never, SettingsError> =>
  Effect.fail(new SettingsError({ variable: row.name, detail }))

/** A JSON document in a variable (unset or empty: `undefined`). */
export const readJsonEnv = (row: EnvVar): Effect.Effect<unknown, SettingsError> =>
  Effect.flatMap(
    readEnv(row, (name) => Config.String(name).pipe(Config.withDefault(""))),
    (text) => {
      if (text.trim() === "") return Effect.succeed(undefined)
      try {
        return Effect.succeed<unknown>(JSON.parse(text))
      } catch (error) {
        return refuseEnv(row, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  )
