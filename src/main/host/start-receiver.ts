import type { Engine } from '../engine/engine'
import { createSystemClock } from '../engine/clock'
import { createReceiverApp } from '../receiver/receiver-app'
import { describeListenError } from '../web/serve-web'

/** Starts the built-in receiver for an engine and tells the engine where it listens. */
export async function startReceiver(engine: Engine, options: { host: string; port: number; flag?: string }) {
  const app = createReceiverApp({
    // Scripted delays are real time: the receiver plays an endpoint, not the platform.
    clock: createSystemClock(1),
    endpoint: (name) => engine.receiver.endpoint(name),
    onCapture: (capture) => engine.receiver.record(capture),
    onHeartbeat: (clusterId) => engine.heartbeats.beat(clusterId),
    findDelivery: (request) => engine.receiver.findDelivery(request),
  })
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    throw new Error(describeListenError(error, options.host, options.port, options.flag ?? '--receiver-port'), { cause: error })
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`
  await engine.setReceiverUrl(url)
  return { url, close: () => app.close() }
}
