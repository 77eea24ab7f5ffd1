import { describe, expect, it } from "vitest"
import { directModuleImports } from "../src/bundling.ts"

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
