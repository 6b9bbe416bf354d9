import type { EngineEvent } from '../../shared/api/events'

export type EngineEventListener = (event: EngineEvent) => void

/** Fan-out of engine events to every connected client; a failing listener never breaks the others. */
export function createEventBus() {
  const listeners = new Set<EngineEventListener>()
  return {
    emit(event: EngineEvent) {
      for (const listener of listeners) {
        try {
          listener(event)
        } catch {
          // A broken client must not stop delivery to the rest.
        }
      }
    },
    subscribe(listener: EngineEventListener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
export type EventBus = ReturnType<typeof createEventBus>
