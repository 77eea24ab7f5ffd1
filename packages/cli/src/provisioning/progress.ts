import type { Provisioning } from "@personalize-ops/core"
import type { CliIo } from "../Io.ts"
import { formatDuration } from "./render.ts"

/** How `apply` shows the resources it waits for: a live block on a terminal, a line per change otherwise, or nothing. */
export type ProgressMode = "live" | "lines" | "off"

/** The waiting resources of an apply, shown on stderr (stdout keeps the step lines, the contract). */
export interface Progress {
  readonly wait: (report: Provisioning.WaitReport) => void
  /** Prints a finished step's line on stdout (none with --json); the resource leaves the live block. */
  readonly step: (key: string, line: string | undefined) => void
  readonly close: () => void
}

interface Waiting {
  readonly kind: string
  readonly name: string
  readonly since: number
  readonly status: string
  readonly at: number
  readonly nextPollAt: number | undefined
}

const nameOf = (key: string) => key.slice(key.indexOf(":") + 1)
const seconds = (ms: number) => formatDuration(Math.max(0, Math.round(ms / 1000)))

/**
 * `live`: one status line per waiting resource (status, time waited, next poll), redrawn in place each
 * second and on every poll. `lines`: a timestamped line each time a resource's status changes. `now` is
 * the clock the reports' times are on (the wall clock for AWS).
 */
export const makeProgress = (mode: ProgressMode, io: CliIo, now: () => number = Date.now): Progress => {
  const waiting = new Map<string, Waiting>()
  let drawn = 0
  const clear = () => {
    if (drawn > 0) io.stderr(`\x1b[${drawn}A\x1b[J`)
    drawn = 0
  }
  const draw = () => {
    clear()
    const t = now()
    const lines = [...waiting.values()].map((w) => {
      const next = w.nextPollAt === undefined ? "" : `, next poll in ${seconds(w.nextPollAt - t)}`
      return `  … ${w.kind.padEnd(18)} ${w.name.padEnd(36)} ${w.status.padEnd(18)} waiting ${seconds(t - w.since)}${next}`
    })
    if (lines.length > 0) io.stderr(`${lines.join("\n")}\n`)
    drawn = lines.length
  }
  const timer = mode === "live" ? setInterval(draw, 1000) : undefined
  timer?.unref()
  return {
    wait: (r) => {
      if (mode === "off") return
      const before = waiting.get(r.key)
      waiting.set(r.key, {
        kind: r.kind,
        name: nameOf(r.key),
        since: before?.since ?? r.at,
        status: r.status,
        at: r.at,
        nextPollAt: r.nextPollAt
      })
      if (mode === "live") return draw()
      if (before?.status === r.status) return
      const next = r.nextPollAt === undefined ? "" : `, next poll in ${seconds(r.nextPollAt - r.at)}`
      io.stderr(
        `${new Date(r.at).toISOString()}  ${r.kind} ${nameOf(r.key)}: ${r.status} (waiting ${seconds(r.at - (before?.since ?? r.at))}${next})\n`
      )
    },
    step: (key, line) => {
      waiting.delete(key)
      if (line === undefined) return mode === "live" ? draw() : undefined
      if (mode === "live") clear()
      io.stdout(`${line}\n`)
      if (mode === "live") draw()
    },
    close: () => {
      if (timer !== undefined) clearInterval(timer)
      if (mode === "live") clear()
    }
  }
}
