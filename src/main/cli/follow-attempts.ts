import type { Attempt, DeliverySummary } from '../../shared/schemas/delivery'
import type { Engine } from '../engine/engine'

/**
 * Calls `print` once for every new attempt of the deliveries `accept` picks (each attempt once, even
 * when a delivery is read back from disk, redelivered or reported again); returns a stop function.
 */
export function followAttempts(
  engine: Engine,
  accept: (delivery: DeliverySummary) => boolean,
  print: (delivery: DeliverySummary, attempt: Attempt) => void,
): () => void {
  // Attempts are only ever appended: how many of a delivery's have been printed.
  const printed = new Map<string, number>()
  return engine.subscribe((event) => {
    if (event.type !== 'delivery' || !accept(event.delivery)) return
    const { id } = event.delivery
    // Not in memory (saved and read back later): nothing new to print, and nothing to forget.
    const attempts = engine.deliveries.live(id)?.attempts
    if (!attempts) return
    for (let i = printed.get(id) ?? 0; i < attempts.length; i++) print(event.delivery, attempts[i]!)
    printed.set(id, Math.max(printed.get(id) ?? 0, attempts.length))
  })
}
