import type { Attempt, DeliverySummary } from '../../shared/schemas/delivery'
import type { Engine } from '../engine/engine'

/** Calls `print` once for every new attempt of the deliveries `accept` picks; returns a stop function. */
export function followAttempts(
  engine: Engine,
  accept: (delivery: DeliverySummary) => boolean,
  print: (delivery: DeliverySummary, attempt: Attempt) => void,
): () => void {
  const printed = new Map<string, number>()
  return engine.subscribe((event) => {
    if (event.type !== 'delivery' || !accept(event.delivery)) return
    const { id } = event.delivery
    const attempts = engine.deliveries.live(id)?.attempts ?? []
    for (let i = printed.get(id) ?? 0; i < attempts.length; i++) print(event.delivery, attempts[i]!)
    printed.set(id, attempts.length)
  })
}
