import { type Capture, Endpoint, defaultEndpoint } from '../../src/shared/schemas/receiver'
import { type CreateReceiverOptions, createReceiver } from '../../src/main/receiver/receiver'
import { createFakeClock } from './fake-clock'

/**
 * A receiver with editable endpoints (the inbox plus `initial`) and the captures it reported,
 * newest first; a capture reported again (its forward finished) replaces the earlier one.
 */
export function receiverHarness(options: Partial<CreateReceiverOptions> = {}, initial: Array<Partial<Endpoint> & { name: string }> = []) {
  const configs = new Map<string, Endpoint>([defaultEndpoint(), ...initial].map((e) => [e.name, Endpoint.parse(e)]))
  const captures: Capture[] = []
  const receiver = createReceiver({
    clock: createFakeClock(),
    endpoint: (name) => configs.get(name),
    onCapture(capture) {
      const at = captures.findIndex((c) => c.id === capture.id)
      if (at === -1) captures.unshift(capture)
      else captures[at] = capture
    },
    ...options,
  })
  const endpoints = {
    upsert: (input: Partial<Endpoint> & { name: string }) => configs.set(input.name, Endpoint.parse(input)),
    remove: (name: string) => configs.delete(name),
  }
  return { ...receiver, captures, endpoints }
}
