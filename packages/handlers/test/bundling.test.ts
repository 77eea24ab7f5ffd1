import { describe, expect, it } from "vitest"
import { directEffectImports } from "../src/bundling.ts"

describe("directEffectImports", () => {
  it("turns effect's index imports into imports of each module, dropping type-only names", () => {
    const source = [
      'import { Effect, type Layer, Schema as S } from "effect"',
      'import {\n  pipe,\n  Result\n} from "effect"',
      'import type { Scope } from "effect"',
      'import { Base64 } from "effect/encoding"'
    ].join("\n")
    expect(directEffectImports(source).split("\n")).toEqual([
      'import * as Effect from "effect/Effect"; import * as S from "effect/Schema";',
      'import { pipe as pipe } from "effect/Function"; import * as Result from "effect/Result";',
      'import type { Scope } from "effect"',
      'import { Base64 } from "effect/encoding"'
    ])
  })
})
