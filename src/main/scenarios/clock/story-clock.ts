import type { Clock } from '../../core/clock'

/**
 * A run's own virtual clock: story time in epoch milliseconds and a schedule of what falls due.
 * Nothing moves it but `fireNext()`, which a pacer calls when the run is quiescent (no hold is
 * open: no request in flight, no step doing work of its own). Items due at the same instant fire
 * in the order they were scheduled, one at a time, so the same story gives the same sequence of
 * (story time, event) at any speed.
 */
export interface StoryClock extends Clock {
  /** Story time now, in epoch ms. */
  now(): number
  /** Runs `fn` once story time has reached now + `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void
  /** Runs `fn` at story instant `dueMs` (now, if that has passed). */
  at(dueMs: number, fn: () => void): () => void
  /** Marks work in progress; the clock is not advanced until every hold is released. */
  hold(): () => void
  /** No hold is open. */
  isQuiescent(): boolean
  /** When the next item falls due, if any is scheduled. */
  nextDue(): number | undefined
  /** Moves story time to the next item's instant and runs that one item; false when none is due. */
  fireNext(): boolean
  /** Moves story time on to `ms` without running anything (never past the next item, never back). */
  advanceTo(ms: number): void
  /** Told when an item is scheduled or the last hold is released: the pacer may have work. */
  onChange(listener: () => void): () => void
}

interface Item {
  dueMs: number
  seq: number
  fn: () => void
  cancelled: boolean
}

const before = (a: Item, b: Item) => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq)

export function createStoryClock(startMs: number): StoryClock {
  let nowMs = startMs
  let seq = 0
  let holds = 0
  const heap: Item[] = []
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of [...listeners]) listener()
  }

  const push = (item: Item) => {
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  const pop = (): Item | undefined => {
    const top = heap[0]
    const last = heap.pop()
    if (heap.length > 0 && last) {
      heap[0] = last
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let smallest = i
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
        i = smallest
      }
    }
    return top
  }

  /** Cancelled items are dropped lazily, when they reach the top. */
  const peek = (): Item | undefined => {
    while (heap[0]?.cancelled) pop()
    return heap[0]
  }

  const at = (dueMs: number, fn: () => void) => {
    const item: Item = { dueMs: Math.max(dueMs, nowMs), seq: seq++, fn, cancelled: false }
    push(item)
    changed()
    return () => {
      item.cancelled = true
    }
  }

  return {
    now: () => nowMs,
    after: (ms, fn) => at(nowMs + Math.max(0, ms), fn),
    at,
    hold() {
      holds++
      let released = false
      return () => {
        if (released) return
        released = true
        holds--
        if (holds === 0) changed()
      }
    },
    isQuiescent: () => holds === 0,
    nextDue: () => peek()?.dueMs,
    fireNext() {
      const item = peek()
      if (!item) return false
      pop()
      nowMs = item.dueMs
      item.fn()
      return true
    },
    advanceTo(ms) {
      const due = peek()?.dueMs ?? Number.POSITIVE_INFINITY
      nowMs = Math.max(nowMs, Math.min(ms, due))
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
