import { type Config, Personalize as P } from "@personalize-ops/core"
import { type Due, TimeHeap } from "../simulation/timeHeap.ts"
import type { ImportedData } from "./importCheck.ts"
import { statusAt, type Timeline } from "./timelines.ts"

/** An in-flight or finished update: its timeline and the fields it applies once ACTIVE. */
export interface PendingUpdate {
  readonly timeline: Timeline
  readonly fields: Record<string, unknown>
  applied: boolean
}

/** One resource as the twin holds it: plain data (a snapshot can copy it), indexed by `TwinStore`. */
export interface Entry {
  readonly kind: P.ResourceKind
  readonly name: string
  readonly arn: P.ResourceArn
  readonly parentArn: P.ResourceArn | undefined
  readonly attributes: Record<string, unknown>
  readonly createdAt: number
  /** Replaced only through `TwinStore.retime` (the store tracks which entries may be in flight). */
  readonly timeline: Timeline
  goneAt: number | undefined
  update: PendingUpdate | undefined
  /** Schema only: the Avro object, for import checks. */
  readonly avro?: Config.AvroSchema
  /** Import jobs only: what the data held (undefined when the location is remote, i.e. unknown). */
  readonly imported?: ImportedData
  /** Solution versions only: how many interactions the training saw (undefined when unknown). */
  readonly trainedOn?: number
  /** Solutions with auto-training only: when the next automatic version is due (epoch ms). */
  autoTrainingAt?: number
  /** TagResource / UntagResource state: key → value. */
  readonly tags: Record<string, string>
}

/** What a new entry needs; the store fills in the rest. */
export type NewEntry = Omit<Entry, "goneAt" | "update" | "tags">

/** Solution versions are named within their solution; every other kind within the account and region. */
const nameScope = (kind: P.ResourceKind, parentArn: string | undefined): string =>
  kind === "SolutionVersion" ? (parentArn ?? "") : ""

/**
 * Sets of entries by two keys (a parent and a kind, say), nested rather than joined into one string: a lookup
 * hashes strings that exist already instead of building one per call.
 */
class Index2<A, B, V> {
  private readonly outer = new Map<A, Map<B, V>>()

  get(a: A, b: B): V | undefined {
    return this.outer.get(a)?.get(b)
  }

  set(a: A, b: B, value: V): void {
    let inner = this.outer.get(a)
    if (inner === undefined) {
      inner = new Map()
      this.outer.set(a, inner)
    }
    inner.set(b, value)
  }
}

const addTo2 = <A, B, V>(index: Index2<A, B, Set<V>>, a: A, b: B, value: V) => {
  const set = index.get(a, b)
  if (set === undefined) index.set(a, b, new Set<V>().add(value))
  else set.add(value)
}

/** The timeline's last step is reached and terminal: the status stays until the timeline is replaced. */
const settled = (timeline: Timeline, now: number) => {
  const last = timeline.at(-1)
  return last !== undefined && last.at <= now && P.isTerminal(last.status)
}

/** A solution's turn in the auto-training queue: due at `at`; `seq` is the solution's creation order. */
interface AutoTrainingTurn extends Due {
  readonly solution: Entry
}

const addTo = <K, V>(index: Map<K, Set<V>>, key: K, value: V) => {
  const set = index.get(key)
  if (set === undefined) index.set(key, new Set<V>().add(value))
  else set.add(value)
}

/**
 * The twin's resources, indexed by ARN, name, parent and kind. Reads take `now`: an entry whose delete
 * finished by then is dropped (with its children) on the way, and an update that became ACTIVE is
 * applied, so time moves statuses without fibers.
 */
export class TwinStore {
  private readonly byArn = new Map<string, Entry>()
  /** Live names: kind and scope (`nameScope`) → name → ARN. */
  private readonly byName = new Index2<P.ResourceKind, string, Map<string, string>>()
  // The indexes below hold the entries themselves (an entry leaves them all when removed), so reading one
  // needs no lookup by ARN: a Map lookup per entry was most of a scan's cost.
  private readonly children = new Map<string, Set<Entry>>()
  /** A parent's children of one kind. */
  private readonly childrenByKind = new Index2<string, P.ResourceKind, Set<Entry>>()
  /** A grandparent's grandchildren of one kind (a dataset group's campaigns, say). */
  private readonly grandchildrenByKind = new Index2<string, P.ResourceKind, Set<Entry>>()
  private readonly grandparents = new Map<Entry, string>()
  private readonly byKind = new Map<P.ResourceKind, Set<Entry>>()
  /** Per kind, the entries whose status may still be PENDING or IN_PROGRESS (the in-flight quotas' count). */
  private readonly unsettled = new Map<P.ResourceKind, Set<Entry>>()
  private readonly creates = new Map<P.ResourceKind, number>()
  private ids = 0
  /** Solutions inserted so far: a solution's creation order (its auto-training turns' `seq`). */
  private solutions = 0
  /**
   * When each solution is next looked at for auto-training (`runAutoTraining`): a solution is queued when
   * inserted (looked at on the next call) and when updated, and after each look at the time it gives.
   */
  private readonly autoTrainingQueue = new TimeHeap<AutoTrainingTurn>()
  /** Per solution, its earliest queued turn (a later turn queued for it already is stale and skipped). */
  private readonly autoTrainingTurns = new Map<Entry, AutoTrainingTurn>()
  private readonly creationOrder = new Map<Entry, number>()
  /** Entries whose delete was requested (`goneAt` set) and that are not removed yet: the only ones that can be gone. */
  private readonly deleting = new Set<Entry>()

  /** A fresh 8-hex-digit id (event tracker and solution version ids). */
  nextId(): string {
    this.ids++
    return this.ids.toString(16).padStart(8, "0")
  }

  /** How many resources of a kind were ever created by a CreateX call. */
  createCount(kind: P.ResourceKind): number {
    return this.creates.get(kind) ?? 0
  }

  /** Every entry held (deleting ones too), in creation order, and the counters: what a snapshot copies. */
  contents(): {
    readonly entries: ReadonlyArray<Entry>
    readonly ids: number
    readonly creates: ReadonlyMap<P.ResourceKind, number>
  } {
    return { entries: [...this.byArn.values()], ids: this.ids, creates: this.creates }
  }

  /** Sets the counters back to a snapshot's (after its entries were inserted). */
  restoreCounters(ids: number, creates: Iterable<readonly [P.ResourceKind, number]>): void {
    this.ids = ids
    this.creates.clear()
    for (const [kind, n] of creates) this.creates.set(kind, n)
  }

  /** Adds an entry; `byService` marks one the service made itself (an automatic training), not counted as a create. */
  insert(fields: NewEntry, byService = false): Entry {
    const entry: Entry = { ...fields, goneAt: undefined, update: undefined, tags: {} }
    this.byArn.set(entry.arn, entry)
    this.names(entry.kind, entry.parentArn, true)?.set(entry.name, entry.arn)
    addTo(this.byKind, entry.kind, entry)
    addTo(this.unsettled, entry.kind, entry)
    if (entry.parentArn !== undefined) {
      addTo(this.children, entry.parentArn, entry)
      addTo2(this.childrenByKind, entry.parentArn, entry.kind, entry)
      const grandparent = this.byArn.get(entry.parentArn)?.parentArn
      if (grandparent !== undefined) {
        this.grandparents.set(entry, grandparent)
        addTo2(this.grandchildrenByKind, grandparent, entry.kind, entry)
      }
    }
    if (!byService) this.creates.set(entry.kind, this.createCount(entry.kind) + 1)
    if (entry.kind === "Solution") {
      this.creationOrder.set(entry, this.solutions++)
      this.queueAutoTraining(entry, Number.NEGATIVE_INFINITY)
    }
    return entry
  }

  /** Looks at a solution for auto-training at the first call at or after `at` (unless queued earlier already). */
  queueAutoTraining(solution: Entry, at: number): void {
    const queued = this.autoTrainingTurns.get(solution)
    const seq = this.creationOrder.get(solution)
    if ((queued !== undefined && queued.at <= at) || seq === undefined) return
    const turn: AutoTrainingTurn = { at, seq, solution }
    this.autoTrainingTurns.set(solution, turn)
    this.autoTrainingQueue.push(turn)
  }

  /**
   * The solutions whose auto-training turn has come by `now`, each once, in creation order (the order a
   * scan of every solution took them, so the seeded draws of the versions they start keep their order);
   * they leave the queue until queued again.
   */
  dueAutoTrainings(now: number): Array<Entry> {
    const due: Array<AutoTrainingTurn> = []
    for (let next = this.autoTrainingQueue.peek(); next !== undefined && next.at <= now; ) {
      this.autoTrainingQueue.pop()
      // A turn replaced by an earlier one, or of a solution since removed, is stale.
      if (this.autoTrainingTurns.get(next.solution) === next) {
        this.autoTrainingTurns.delete(next.solution)
        due.push(next)
      }
      next = this.autoTrainingQueue.peek()
    }
    if (due.length > 1) due.sort((a, b) => a.seq - b.seq)
    return due.map((t) => t.solution)
  }

  /** Drops an entry and, recursively, its children (an import job goes with its dataset). */
  remove(entry: Entry): void {
    this.byArn.delete(entry.arn)
    this.deleting.delete(entry)
    this.autoTrainingTurns.delete(entry)
    this.creationOrder.delete(entry)
    this.byKind.get(entry.kind)?.delete(entry)
    this.unsettled.get(entry.kind)?.delete(entry)
    if (entry.parentArn !== undefined) {
      this.children.get(entry.parentArn)?.delete(entry)
      this.childrenByKind.get(entry.parentArn, entry.kind)?.delete(entry)
    }
    const grandparent = this.grandparents.get(entry)
    if (grandparent !== undefined) {
      this.grandchildrenByKind.get(grandparent, entry.kind)?.delete(entry)
      this.grandparents.delete(entry)
    }
    const names = this.names(entry.kind, entry.parentArn, false)
    if (names?.get(entry.name) === entry.arn) names.delete(entry.name)
    for (const child of this.children.get(entry.arn) ?? []) this.remove(child)
    this.children.delete(entry.arn)
  }

  /** The entry is gone at `goneAt` (a delete request; a snapshot's entry being restored). */
  markGone(entry: Entry, goneAt: number | undefined): void {
    entry.goneAt = goneAt
    if (goneAt !== undefined) this.deleting.add(entry)
  }

  /** Replaces an entry's timeline (a delete, stop or start request): it may be in flight again. */
  retime(entry: Entry, timeline: Timeline): void {
    ;(entry as { timeline: Timeline }).timeline = timeline
    addTo(this.unsettled, entry.kind, entry)
  }

  /** How many live entries of a kind are PENDING or IN_PROGRESS at `now` (`now` never moves back). */
  countInFlight(kind: P.ResourceKind, now: number): number {
    const entries = this.unsettled.get(kind)
    let n = 0
    if (entries === undefined) return n
    // A Set iterates on while entries leave it (a gone entry is removed by `settle`, a settled one here).
    for (const entry of entries) {
      const e = this.settle(entry, now)
      if (e === undefined || settled(e.timeline, now)) entries.delete(entry)
      else if (!P.isTerminal(statusAt(e.timeline, now).status)) n++
    }
    return n
  }

  /** The entry behind an ARN at `now`, or undefined when it never existed or its delete has finished. */
  lookup(arn: string, now: number): Entry | undefined {
    const entry = this.byArn.get(arn)
    return entry === undefined ? undefined : this.settle(entry, now)
  }

  /** The live entry of that kind with that name (within a solution for versions), if any. */
  named(kind: P.ResourceKind, name: string, parentArn: string | undefined, now: number): Entry | undefined {
    const arn = this.names(kind, parentArn, false)?.get(name)
    return arn === undefined ? undefined : this.lookup(arn, now)
  }

  /** Every live entry of a kind, in creation order. */
  alive(kind: P.ResourceKind, now: number): Array<Entry> {
    return this.live(this.byKind.get(kind), now)
  }

  /** The live children of a parent that are of one kind, in creation order. */
  childrenOf(arn: string, kind: P.ResourceKind, now: number): Array<Entry> {
    return this.live(this.childrenByKind.get(arn, kind), now)
  }

  /** How many live entries of a kind there are (`alive(kind, now).length`, without the array). */
  countAlive(kind: P.ResourceKind, now: number): number {
    return this.countLive(this.byKind.get(kind), now)
  }

  /** How many live children of one kind a parent has (`childrenOf(...).length`, without the array: the quotas). */
  countChildren(arn: string, kind: P.ResourceKind, now: number): number {
    return this.countLive(this.childrenByKind.get(arn, kind), now)
  }

  /** How many live grandchildren of one kind (a dataset group's campaigns: their quota). */
  countGrandchildren(arn: string, kind: P.ResourceKind, now: number): number {
    return this.countLive(this.grandchildrenByKind.get(arn, kind), now)
  }

  /** The names in use of a kind within its scope (made when `create`). */
  private names(kind: P.ResourceKind, parentArn: string | undefined, create: boolean): Map<string, string> | undefined {
    const scope = nameScope(kind, parentArn)
    let names = this.byName.get(kind, scope)
    if (names === undefined && create) {
      names = new Map()
      this.byName.set(kind, scope, names)
    }
    return names
  }

  /**
   * How many of the entries are live at `now`: once every entry gone by then is removed (with its children),
   * all that are left. A count per create (the quotas) walked every child of the parent: quadratic.
   */
  private countLive(entries: ReadonlySet<Entry> | undefined, now: number): number {
    if (entries === undefined) return 0
    // A Set iterates on while `remove` takes entries out of it.
    for (const entry of this.deleting) if ((entry.goneAt ?? now + 1) <= now) this.remove(entry)
    return entries.size
  }

  private live(entries: ReadonlySet<Entry> | undefined, now: number): Array<Entry> {
    const out: Array<Entry> = []
    // A Set iterates on while `settle` removes gone entries from it (never adding any).
    if (entries === undefined) return out
    for (const entry of entries) {
      const e = this.settle(entry, now)
      if (e !== undefined) out.push(e)
    }
    return out
  }

  private settle(entry: Entry, now: number): Entry | undefined {
    if (entry.goneAt !== undefined && entry.goneAt <= now) {
      this.remove(entry)
      return undefined
    }
    const u = entry.update
    if (u !== undefined && !u.applied && statusAt(u.timeline, now).status === "ACTIVE") {
      Object.assign(entry.attributes, u.fields)
      u.applied = true
    }
    return entry
  }
}

/** The status of an entry at `now`. */
export const statusOf = (entry: Entry, now: number): P.Status => statusAt(entry.timeline, now).status
