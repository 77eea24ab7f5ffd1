import { Clock, Context, Duration, Effect, type Exit, type Fiber, Scheduler } from "effect"

/** A fiber asleep until `at` (ties wake in the order they fell asleep). */
interface Sleeper {
  readonly at: number
  readonly seq: number
  readonly wake: () => void
  cancelled: boolean
}

const before = (a: Sleeper, b: Sleeper) => a.at < b.at || (a.at === b.at && a.seq < b.seq)

/** A binary min-heap of sleepers by wake time: each sleep and wake is O(log n). */
class Sleepers {
  private readonly heap: Array<Sleeper> = []

  push(s: Sleeper): void {
    const h = this.heap
    h.push(s)
    let i = h.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(h[i] as Sleeper, h[parent] as Sleeper)) break
      ;[h[i], h[parent]] = [h[parent] as Sleeper, h[i] as Sleeper]
      i = parent
    }
  }

  /** The next sleeper still waiting (cancelled ones, whose fibers were interrupted, are dropped). */
  pop(): Sleeper | undefined {
    const h = this.heap
    while (h.length > 0) {
      const top = h[0] as Sleeper
      const last = h.pop() as Sleeper
      if (h.length > 0) {
        h[0] = last
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < h.length && before(h[l] as Sleeper, h[m] as Sleeper)) m = l
          if (r < h.length && before(h[r] as Sleeper, h[m] as Sleeper)) m = r
          if (m === i) break
          ;[h[i], h[m]] = [h[m] as Sleeper, h[i] as Sleeper]
          i = m
        }
      }
      if (!top.cancelled) return top
    }
    return undefined
  }
}

/**
 * Runs an effect in virtual time, as a discrete-event simulation: its fibers run on a scheduler whose
 * tasks this driver runs itself, and its Clock's sleeps wait in a heap. When no task is left, every fiber
 * is asleep (or waits on another), so the clock jumps to the earliest sleeper and wakes it alone; the
 * next wake comes only once everything it set off has settled. The order is that of the program, never
 * of the machine: the same program gives the same run, however loaded the machine (TestClock does the
 * same, with a live timer, a semaphore and an event-loop turn per wake, which made a long apply
 * thousands of times slower than the work in it). Past `deadline` (epoch ms) the effect is interrupted.
 * A fiber waiting on something outside the simulation (real I/O) resumes the driver when it is scheduled.
 */
export const runVirtual = <A, E>(effect: Effect.Effect<A, E>, startAt: number, deadline: number): Effect.Effect<A, E> =>
  Effect.flatMap(Effect.context<never>(), (context) =>
    Effect.callback<A, E>((resume) => {
      let now = startAt
      let seq = 0
      const sleepers = new Sleepers()
      let tasks: Array<() => void> = []
      let driving = false
      let driveScheduled = false
      let fiber: Fiber.Fiber<A, E> | undefined
      let done = false

      const clock: Clock.Clock = {
        currentTimeMillisUnsafe: () => now,
        currentTimeMillis: Effect.sync(() => now),
        currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
        currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
        monotonicTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
        monotonicTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
        sleep: (duration) =>
          Effect.callback<void>((wake) => {
            const millis = Duration.toMillis(duration)
            if (!(millis > 0)) return wake(Effect.void)
            const sleeper: Sleeper = { at: now + millis, seq: seq++, wake: () => wake(Effect.void), cancelled: false }
            sleepers.push(sleeper)
            // A fiber resumed from outside (a real request's callback) may fall asleep outside the driver.
            wakeDriver()
            return Effect.sync(() => {
              sleeper.cancelled = true
            })
          })
      }

      const drain = () => {
        while (tasks.length > 0) {
          const batch = tasks
          tasks = []
          for (const task of batch) task()
        }
      }

      const drive = () => {
        driveScheduled = false
        if (driving || done) return
        driving = true
        try {
          for (;;) {
            drain()
            const exit = fiber?.pollUnsafe()
            if (exit !== undefined) {
              done = true
              return resume(exit as Exit.Exit<A, E>)
            }
            const next = sleepers.pop()
            // Nothing asleep: the fibers wait on something outside; its callback schedules a task, and drive again.
            if (next === undefined) return
            if (next.at > deadline) {
              now = deadline
              fiber?.interruptUnsafe()
              continue
            }
            now = Math.max(now, next.at)
            next.wake()
          }
        } finally {
          driving = false
        }
      }

      const wakeDriver = () => {
        if (!driving && !driveScheduled) {
          driveScheduled = true
          setImmediate(drive)
        }
      }

      const defaults = new Scheduler.MixedScheduler()
      const scheduler: Scheduler.Scheduler = {
        executionMode: "async",
        shouldYield: (f) => defaults.shouldYield(f),
        makeDispatcher: () => ({
          scheduleTask: (task) => {
            tasks.push(task)
            wakeDriver()
          },
          flush: drain
        })
      }

      fiber = Effect.runForkWith(Context.add(context, Clock.Clock, clock))(effect, { scheduler })
      // It may also end outside the driver (resumed by a real request's callback, with nothing left to wake).
      fiber.addObserver((exit) => {
        if (done) return
        done = true
        resume(exit)
      })
      drive()
      return Effect.sync(() => {
        done = true
        fiber?.interruptUnsafe()
      })
    })
  )

/**
 * Runs an effect that waits on the world outside a simulation (a real database, say) on the real scheduler
 * and clock, as seen from `runVirtual`: it reads the simulation's time (frozen at the call), but its own
 * sleeps (an SDK client's retry backoff) are real, so the simulation's clock cannot jump past a request in
 * flight, and the calling fiber waits for it as for any outside callback.
 */
export const outsideVirtualTime = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.clockWith((virtual) =>
    Effect.callback<A, E>((resume) => {
      const real = Clock.Clock.defaultValue()
      const at = virtual.currentTimeMillisUnsafe()
      const clock: Clock.Clock = {
        currentTimeMillisUnsafe: () => at,
        currentTimeMillis: Effect.sync(() => at),
        currentTimeNanosUnsafe: () => BigInt(at) * 1_000_000n,
        currentTimeNanos: Effect.sync(() => BigInt(at) * 1_000_000n),
        monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
        monotonicTimeNanos: real.monotonicTimeNanos,
        sleep: real.sleep
      }
      const fiber = Effect.runFork(Effect.provideService(effect, Clock.Clock, clock))
      fiber.addObserver(resume)
      return Effect.sync(() => fiber.interruptUnsafe())
    })
  )
