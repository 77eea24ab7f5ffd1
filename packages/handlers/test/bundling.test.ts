import { describe, expect, it } from "vitest"
import { directModuleImports, markPureDefinitions, sdkClientModule, sharedSdkClientImports } from "../src/bundling.ts"

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

describe("sharedSdkClientImports", () => {
  it("sends every import of an AWS SDK client through the client's one shared module, and nothing else", () => {
    const source = [
      'import { PutItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb"',
      'import type { DynamoDBClient } from "@aws-sdk/client-dynamodb"',
      'import {\n  SNSClient\n} from "@aws-sdk/client-sns"',
      'import { fromEnv } from "@aws-sdk/credential-providers"',
      'import { Effect } from "effect"'
    ].join("\n")
    expect(sharedSdkClientImports(source).split("\n")).toEqual([
      'import { PutItemCommand, type AttributeValue } from "personalize-ops-sdk-client:@aws-sdk/client-dynamodb"',
      'import type { DynamoDBClient } from "personalize-ops-sdk-client:@aws-sdk/client-dynamodb"',
      "import {",
      "  SNSClient",
      '} from "personalize-ops-sdk-client:@aws-sdk/client-sns"',
      'import { fromEnv } from "@aws-sdk/credential-providers"',
      'import { Effect } from "effect"'
    ])
  })

  it("re-exports each runtime export of the client by name from its shared module", () => {
    const module = sdkClientModule("@aws-sdk/client-sns", import.meta.dirname)
    expect(module.startsWith("export { ")).toBe(true)
    expect(module.endsWith(' } from "@aws-sdk/client-sns"')).toBe(true)
    const names = module.slice("export { ".length, module.indexOf(" }")).split(", ")
    expect(names).toContain("SNSClient")
    expect(names).toContain("PublishCommand")
    expect(names).not.toContain("default")
  })
})
