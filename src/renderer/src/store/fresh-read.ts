/**
 * A part of the engine's state the renderer keeps a copy of, read again whenever it may have
 * changed. Reads can overlap (an event during a read, the event stream reconnecting) and their
 * answers can come back in any order, so only the newest read's answer is applied. A write's
 * answer (a save) is shown at once; a read already on its way may predate that write, so the part
 * is read again once more rather than let the older answer put it back.
 */
export interface FreshRead {
  /** Reads the part again; resolves once the newest read started so far has been applied (or failed). */
  load(): Promise<void>
  /** Applies a write's answer now. */
  put(change: () => void): void
}

/** `read` answers undefined when it failed (it has said so itself); `apply` stores an answer. */
export function freshRead<T>(read: () => Promise<T | undefined>, apply: (value: T) => void): FreshRead {
  let started = 0
  let newest: Promise<void> = Promise.resolve()
  let inFlight = 0
  let wroteDuring = false
  const settle = async (ticket: number): Promise<void> => {
    let value: T | undefined
    try {
      value = await read()
    } finally {
      inFlight--
    }
    if (ticket !== started) return newest
    if (wroteDuring) {
      wroteDuring = false
      return load()
    }
    if (value !== undefined) apply(value)
  }
  const load = (): Promise<void> => {
    inFlight++
    newest = settle(++started)
    return newest
  }
  const put = (change: () => void) => {
    change()
    if (inFlight > 0) wroteDuring = true
  }
  return { load, put }
}
