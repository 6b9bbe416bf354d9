import type { Engine } from '../engine/engine'
import { createSystemClock } from '../core/clock'
import { createReceiver } from '../receiver/receiver'

export interface ReceiverOptions {
  host: string
  port: number
  /** The option that chose the port, named when it is taken (default `--receiver-port`). */
  flag?: string
  /**
   * Answers every request, whatever its path or endpoint name, with this endpoint's script
   * (`hookbench receive`, which plays one endpoint at any URL it is given).
   */
  catchAll?: string
}

/**
 * Starts the built-in receiver for an engine and tells the engine where it listens. When the engine
 * cannot take the address (its document cannot be saved: a full disk), the receiver is closed
 * again before the error goes on, so a start that fails leaves nothing listening.
 */
export async function startReceiver(engine: Engine, options: ReceiverOptions) {
  const { catchAll } = options
  const receiver = createReceiver({
    // Scripted delays are real time: the receiver plays an endpoint, not the platform.
    clock: createSystemClock(1),
    endpoint: (name) => engine.receiver.endpoint(catchAll ?? name),
    ...(catchAll !== undefined && { catchAllEndpoint: catchAll }),
    // A capture that cannot be written is kept in memory and saved with the next one; the storage notice says why.
    onCapture: (capture) => void engine.receiver.record(capture).catch(() => {}),
    // A scenario run's `received` waits until what is arriving now has been recorded.
    onReceiving: () => engine.receiver.receiving(),
    onHeartbeat: (clusterId) => engine.heartbeats.beat(clusterId),
    findDelivery: (request) => engine.receiver.findDelivery(request),
    onEndpointsChanged: (listener) => engine.subscribe((event) => event.type === 'config' && event.what === 'endpoints' && listener()),
  })
  const url = await receiver.listen({ host: options.host, port: options.port, flag: options.flag ?? '--receiver-port' })
  try {
    await engine.setReceiverUrl(url)
  } catch (error) {
    await receiver.close()
    throw error
  }
  return { url, close: receiver.close }
}
