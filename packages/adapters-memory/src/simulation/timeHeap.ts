/** Something due at `at` (epoch ms); `seq` orders ties (the lower first). */
export interface Due {
  at: number
  seq: number
}

const before = (a: Due, b: Due) => a.at < b.at || (a.at === b.at && a.seq < b.seq)

/**
 * A binary min-heap by due time, ties by `seq`: each push and pop is O(log n). Used for the virtual
 * clock's sleepers and the twin's automatic trainings.
 */
export class TimeHeap<T extends Due> {
  private readonly heap: Array<T> = []

  get size(): number {
    return this.heap.length
  }

  /** The earliest, left in the heap. */
  peek(): T | undefined {
    return this.heap[0]
  }

  // Sifts by moving the others over the hole (no swap through a temporary array: one per level was
  // most of the virtual clock's allocation).
  push(item: T): void {
    const h = this.heap
    let i = h.length
    h.push(item)
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = h[parent] as T
      if (!before(item, p)) break
      h[i] = p
      i = parent
    }
    h[i] = item
  }

  /** Takes the earliest out. */
  pop(): T | undefined {
    const h = this.heap
    const top = h[0]
    const last = h.pop()
    if (top === undefined || last === undefined || h.length === 0) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = l
      if (l >= h.length) break
      if (r < h.length && before(h[r] as T, h[l] as T)) m = r
      const child = h[m] as T
      if (!before(child, last)) break
      h[i] = child
      i = m
    }
    h[i] = last
    return top
  }
}
