import type { EngineEvent } from '../../shared/api/events'

export interface BatcherOptions {
  /** How long events gather before they are sent together. */
  intervalMs?: number
  /** A batch this large is sent at once. */
  maxBatch?: number
}

/**
 * Gathers engine events into batches for one client (an SSE connection or a window), so a burst
 * of thousands of deliveries becomes a few messages. A run's record comes once per batch, its
 * latest: a run reports every step, and a 4,000-step run must not send its record 8,000 times.
 * Uses real timers: batching is about transport cost, not simulated time.
 */
export function createEventBatcher(send: (batch: EngineEvent[]) => void, options: BatcherOptions = {}) {
  const { intervalMs = 100, maxBatch = 500 } = options
  let buffer: EngineEvent[] = []
  /** Where each run's record is in the buffer. */
  let runAt = new Map<string, number>()
  let timer: NodeJS.Timeout | undefined

  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (buffer.length === 0) return
    const batch = buffer
    buffer = []
    runAt = new Map()
    send(batch)
  }

  return {
    push(event: EngineEvent) {
      if (event.type === 'run') {
        const at = runAt.get(event.run.id)
        if (at !== undefined) {
          buffer[at] = event
          return
        }
        runAt.set(event.run.id, buffer.length)
      }
      buffer.push(event)
      if (buffer.length >= maxBatch) flush()
      else timer ??= setTimeout(flush, intervalMs)
    },
    flush,
    close() {
      if (timer) clearTimeout(timer)
      buffer = []
      runAt = new Map()
    },
  }
}
