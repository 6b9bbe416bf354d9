import type { EngineEvent } from '../../shared/api/events'
import { redactRun } from '../signing/redact'

export type Subscribe = (listener: (event: EngineEvent) => void) => () => void

/**
 * The engine's events as they leave through the door, to every transport alike (IPC, server-sent
 * events, the CLI in process): what they could hold of a user's secrets as fingerprints (a run's
 * `--secret`). Inside, the engine's own listeners see them whole.
 */
export function eventsThroughTheDoor(subscribe: Subscribe): Subscribe {
  return (listener) => subscribe((event) => listener(shown(event)))
}

function shown(event: EngineEvent): EngineEvent {
  return event.type === 'run' ? { ...event, run: redactRun(event.run) } : event
}
