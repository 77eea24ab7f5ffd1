import { Clock, Context, Duration, Effect, type Exit, type Fiber, Scheduler } from "effect"
import { type Due, TimeHeap } from "./timeHeap.ts"

/**
 * A fiber asleep until `at` (ties wake in the order they fell asleep). With `again`, each wake first asks it
 * for another delay: the same sleeper then goes back in the heap as a new turn (a new `at` and `seq`).
 */
interface Sleeper extends Due {
  cancelled: boolean
  readonly wake: (effect: Effect.Effect<void>) => void
  readonly again: ((now: number) => number | undefined) | undefined
}

/** A clock whose time is `at()` (ms) in every unit; sleeping is `sleep`. */
const clockAt = (at: () => number, sleep: Clock.Clock["sleep"]): Clock.Clock => ({
  currentTimeMillisUnsafe: at,
  currentTimeMillis: Effect.sync(at),
  currentTimeNanosUnsafe: () => BigInt(at()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(at()) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => BigInt(at()) * 1_000_000n,
  monotonicTimeNanos: Effect.sync(() => BigInt(at()) * 1_000_000n),
  sleep
})

/**
 * The virtual clock's extra: `sleepTurns(delay, again)` sleeps `delay`, then `again(now)` ms more while
 * `again` gives a delay, all without waking the fiber: the turns of a wait that would only sleep again.
 */
export interface TurnClock extends Clock.Clock {
  readonly sleepTurns: (delay: number, again: (now: number) => number | undefined) => Effect.Effect<void>
}

/** Whether `clock` is `runVirtual`'s (which takes a wait's turns without waking the fiber). */
export const isTurnClock = (clock: Clock.Clock): clock is TurnClock => "sleepTurns" in clock

/** One `runVirtual`: the virtual clock, the sleepers' heap, the scheduler's tasks and the driver that runs them. */
class VirtualRun<A, E> {
  now: number
  private seq = 0
  private readonly sleepers = new TimeHeap<Sleeper>()
  private tasks: Array<() => void> = []
  private driving = false
  private driveScheduled = false
  private fiber: Fiber.Fiber<A, E> | undefined
  private done = false
  private readonly deadline: number
  private readonly resume: (exit: Exit.Exit<A, E>) => void

  constructor(startAt: number, deadline: number, resume: (exit: Exit.Exit<A, E>) => void) {
    this.now = startAt
    this.deadline = deadline
    this.resume = resume
  }

  /** The virtual clock: its time is the simulation's, and a sleep waits in the heap. */
  clock(): TurnClock {
    return {
      ...clockAt(
        () => this.now,
        (duration) => Effect.callback<void>((wake) => this.sleep(Duration.toMillis(duration), wake))
      ),
      sleepTurns: (delay, again) => Effect.callback<void>((wake) => this.sleep(delay, wake, again))
    }
  }

  /**
   * Sleeps `millis`; with `again`, each wake first asks it for another delay and sleeps that instead (a new
   * turn, queued as the fiber's own next sleep would be), waking the fiber only when it gives none.
   */
  private sleep(
    millis: number,
    wake: (effect: Effect.Effect<void>) => void,
    again?: (now: number) => number | undefined
  ): Effect.Effect<void> | undefined {
    if (!(millis > 0)) {
      wake(Effect.void)
      return undefined
    }
    const sleeper: Sleeper = { at: this.now + millis, seq: this.seq++, cancelled: false, wake, again }
    this.sleepers.push(sleeper)
    // A fiber resumed from outside (a real request's callback) may fall asleep outside the driver.
    this.wakeDriver()
    return Effect.sync(() => {
      sleeper.cancelled = true
    })
  }

  /** The sleeper's time has come: it takes another turn if `again` gives a delay, else its fiber wakes. */
  private turn(sleeper: Sleeper): void {
    const again = sleeper.again
    let delay = again?.(this.now)
    while (delay !== undefined && !(delay > 0)) delay = again?.(this.now)
    if (delay === undefined) {
      sleeper.wake(Effect.void)
      return
    }
    sleeper.at = this.now + delay
    sleeper.seq = this.seq++
    this.sleepers.push(sleeper)
  }

  /** The scheduler the effect's fibers run on: its tasks wait for the driver. */
  scheduler(): Scheduler.Scheduler {
    const defaults = new Scheduler.MixedScheduler()
    return {
      executionMode: "async",
      shouldYield: (f) => defaults.shouldYield(f),
      makeDispatcher: () => ({
        scheduleTask: (task) => {
          this.tasks.push(task)
          this.wakeDriver()
        },
        flush: () => this.drain()
      })
    }
  }

  private drain(): void {
    while (this.tasks.length > 0) {
      const batch = this.tasks
      this.tasks = []
      for (const task of batch) task()
    }
  }

  private end(exit: Exit.Exit<A, E>): void {
    if (this.done) return
    this.done = true
    this.resume(exit)
  }

  drive(): void {
    this.driveScheduled = false
    if (this.driving || this.done) return
    this.driving = true
    try {
      this.runUntilAsleep()
    } finally {
      this.driving = false
    }
  }

  /** Runs every task, then wakes the earliest sleeper, until the effect ends or waits on something outside. */
  private runUntilAsleep(): void {
    for (;;) {
      this.drain()
      const exit = this.fiber?.pollUnsafe()
      if (exit !== undefined) {
        this.end(exit)
        return
      }
      // Cancelled sleepers (their fibers were interrupted) are dropped.
      let next = this.sleepers.pop()
      while (next?.cancelled) next = this.sleepers.pop()
      // Nothing asleep: the fibers wait on something outside; its callback schedules a task, and drive again.
      if (next === undefined) return
      if (next.at > this.deadline) {
        this.now = this.deadline
        this.fiber?.interruptUnsafe()
        continue
      }
      this.now = Math.max(this.now, next.at)
      this.turn(next)
    }
  }

  private wakeDriver(): void {
    if (!this.driving && !this.driveScheduled) {
      this.driveScheduled = true
      setImmediate(() => this.drive())
    }
  }

  start(effect: Effect.Effect<A, E>, context: Context.Context<never>): void {
    const fiber = Effect.runForkWith(Context.add(context, Clock.Clock, this.clock()))(effect, {
      scheduler: this.scheduler()
    })
    this.fiber = fiber
    // It may also end outside the driver (resumed by a real request's callback, with nothing left to wake).
    fiber.addObserver((exit) => this.end(exit))
    this.drive()
  }

  stop(): void {
    this.done = true
    this.fiber?.interruptUnsafe()
  }
}

const runVirtualWith = <A, E>(
  effect: Effect.Effect<A, E>,
  startAt: number,
  deadline: number,
  context: Context.Context<never>
): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume) => {
    const run = new VirtualRun<A, E>(startAt, deadline, resume)
    run.start(effect, context)
    return Effect.sync(() => run.stop())
  })

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
  Effect.flatMap(Effect.context<never>(), (context) => runVirtualWith(effect, startAt, deadline, context))

const runOutside = <A, E>(effect: Effect.Effect<A, E>, virtual: Clock.Clock): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume) => {
    const real = Clock.Clock.defaultValue()
    const at = virtual.currentTimeMillisUnsafe()
    const clock: Clock.Clock = {
      ...clockAt(() => at, real.sleep),
      monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: real.monotonicTimeNanos
    }
    const fiber = Effect.runFork(Effect.provideService(effect, Clock.Clock, clock))
    fiber.addObserver(resume)
    return Effect.sync(() => fiber.interruptUnsafe())
  })

/**
 * Runs an effect that waits on the world outside a simulation (a real database, say) on the real scheduler
 * and clock, as seen from `runVirtual`: it reads the simulation's time (frozen at the call), but its own
 * sleeps (an SDK client's retry backoff) are real, so the simulation's clock cannot jump past a request in
 * flight, and the calling fiber waits for it as for any outside callback.
 */
export const outsideVirtualTime = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.clockWith((virtual) => runOutside(effect, virtual))
