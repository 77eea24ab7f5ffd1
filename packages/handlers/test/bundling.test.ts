import { describe, expect, it } from "vitest"
import { directModuleImports, markPureDefinitions } from "../src/bundling.ts"

describe("directModuleImports", () => {
  it("turns effect's index imports into imports of each module, dropping type-only names", () => {
    const source = [
      'import { Effect, type Layer, Schema as S } from "effect"',
      'import {\n  pipe,\n  Result\n} from "effect"',
      'import type { Scope } from "effect"',
      'import { Base64 } from "effect/encoding"'
    ].join("\n")
    expect(directModuleImports(source).split("\n")).toEqual([
      'import * as Effect from "effect/Effect"; import * as S from "effect/Schema";',
      'import { pipe as pipe } from "effect/Function"; import * as Result from "effect/Result";',
      'import type { Scope } from "effect"',
      'import { Base64 } from "effect/encoding"'
    ])
  })

  it("turns core's index imports into imports of each capability's sub-path", () => {
    const source = [
      'import { Ingestion, type Kernel, Personalize as P } from "@personalize-ops/core"',
      'import type { Monitoring } from "@personalize-ops/core"',
      'import { Maintenance } from "@personalize-ops/core/maintenance"'
    ].join("\n")
    expect(directModuleImports(source).split("\n")).toEqual([
      'import * as Ingestion from "@personalize-ops/core/ingestion"; import * as P from "@personalize-ops/core/personalize";',
      'import type { Monitoring } from "@personalize-ops/core"',
      'import { Maintenance } from "@personalize-ops/core/maintenance"'
    ])
  })
})

describe("markPureDefinitions", () => {
  it("marks module-level Effect.fn and Schema definitions (schemas, decoders) pure, and nothing else", () => {
    const source = [
      'export const run = Effect.fn("Monitoring.run")(function* () {})',
      "const fetch = Effect.fnUntraced(function* () {})",
      "export const Event: Schema.Codec<Event> = Schema.Struct({ id: Schema.String })",
      "const decode = Schema.decodeUnknownResult(Event)",
      "  const inner = Effect.fn(function* () {})",
      "export const layer = Layer.effect(Service, make)",
      "const x = Schema.String"
    ].join("\n")
    expect(markPureDefinitions(source).split("\n")).toEqual([
      'export const run = /* @__PURE__ */ Effect.fn("Monitoring.run")(function* () {})',
      "const fetch = /* @__PURE__ */ Effect.fnUntraced(function* () {})",
      "export const Event: Schema.Codec<Event> = /* @__PURE__ */ Schema.Struct({ id: Schema.String })",
      "const decode = /* @__PURE__ */ Schema.decodeUnknownResult(Event)",
      "  const inner = Effect.fn(function* () {})",
      "export const layer = Layer.effect(Service, make)",
      "const x = Schema.String"
    ])
  })
})
