/**
 * Group commit: every change made before a write starts is saved by that one write.
 * A burst of 10,000 changes in one tick costs one write; changes made while a write is
 * running cost exactly one more. Writes never overlap.
 */
export interface CoalescingWriter {
  /** Resolves once a write that started after this call has finished. */
  requestWrite(): Promise<void>
  /** Resolves when nothing is waiting to be written. */
  idle(): Promise<void>
  readonly writes: number
}

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
}

export function createCoalescingWriter(write: () => Promise<void>): CoalescingWriter {
  let waiters: Waiter[] = []
  let running: Promise<void> | undefined
  let writes = 0

  const drain = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    while (waiters.length > 0) {
      const batch = waiters
      waiters = []
      try {
        writes++
        await write()
        for (const waiter of batch) waiter.resolve()
      } catch (error) {
        for (const waiter of batch) waiter.reject(error)
      }
    }
    running = undefined
  }

  return {
    requestWrite() {
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }))
      running ??= drain()
      return done
    },
    async idle() {
      while (running) await running
    },
    get writes() {
      return writes
    },
  }
}
