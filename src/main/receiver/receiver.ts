import type { FastifyInstance } from 'fastify'
import type { Capture } from '../../shared/schemas/receiver'
import { listen } from '../host/listen'
import { CaptureLog } from './capture-log'
import { type EndpointSource, EndpointRegistry } from './endpoint-registry'
import { type ReceiverDeps, createReceiverApp } from './receiver-app'

export { DEFAULT_ENDPOINT_NAME, defaultEndpoint } from '../../shared/schemas/receiver'

export interface CreateReceiverOptions extends Omit<ReceiverDeps, 'endpoint' | 'onCapture'> {
  /** Endpoint configs (default: a fresh registry holding only `inbox`). */
  endpoints?: EndpointSource
  /** The engine persists and broadcasts captures here; the receiver keeps its own bounded list too. */
  onCapture?(capture: Capture): void
  /** How many captures the in-memory list keeps (default 500). */
  captureLimit?: number
}

export interface Receiver {
  /** The fastify app, built but not listening: tests call `app.inject()`. */
  app: FastifyInstance
  endpoints: EndpointSource
  /** Recent captures, newest first. */
  captures: CaptureLog
  /**
   * Binds (127.0.0.1 unless told; port 0 picks a free port) and returns the base URL, e.g.
   * `http://127.0.0.1:4781/`. A bind failure throws one clear line naming `flag`.
   */
  listen(options: { host?: string; port: number; flag?: string }): Promise<string>
  /** Stops listening; hung and delayed requests are cut off. */
  close(): Promise<void>
}

/**
 * The built-in receiver with its endpoint registry and capture list.
 *
 * Choices worth knowing:
 * - A request to an unknown endpoint is answered 404 (JSON error naming `/r/inbox`) and still
 *   captured, flagged "unknown endpoint": a typo in a subscription URL is what people need to see.
 * - With `forward`, the sender still gets the endpoint's scripted answer, not the app's: the
 *   receiver plays the endpoint, and the forward's status and body are recorded on the capture.
 * - Cluster ids for `POST /heartbeat/<id>` are up to 30 letters and digits; `-` is allowed too,
 *   since real cluster names often carry one (`ClusterId` in shared/schemas/heartbeat).
 * - An endpoint's `maxBodyBytes` can only lower the receiver-wide `bodyLimit` (default 10 MB),
 *   which caps what is read at all.
 */
export function createReceiver(options: CreateReceiverOptions): Receiver {
  const { endpoints = new EndpointRegistry(), onCapture, captureLimit, ...deps } = options
  const captures = new CaptureLog(captureLimit)
  const app = createReceiverApp({
    ...deps,
    endpoint: (name) => endpoints.get(name),
    onCapture(capture) {
      captures.add(capture)
      onCapture?.(capture)
    },
  })
  return {
    app,
    endpoints,
    captures,
    listen: ({ host = '127.0.0.1', port, flag = '--port' }) => listen(app, { host, port, flag }),
    close: () => app.close(),
  }
}
