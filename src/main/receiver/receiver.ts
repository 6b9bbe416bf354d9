import type { FastifyInstance } from 'fastify'
import { type Endpoint, defaultEndpoint } from '../../shared/schemas/receiver'
import { listen } from '../core/listen'
import { type ReceiverDeps, createReceiverApp } from './receiver-app'

export interface CreateReceiverOptions extends Omit<ReceiverDeps, 'endpoint' | 'onCapture'> {
  /** Looked up on every request, so edits apply to the next one. Default: only the built-in inbox. */
  endpoint?(name: string): Endpoint | undefined
  onCapture?(capture: Parameters<ReceiverDeps['onCapture']>[0]): void
}

export interface Receiver {
  /** The fastify app, built but not listening: tests call `app.inject()`. */
  app: FastifyInstance
  /** Binds (127.0.0.1 unless told; port 0 picks a free one) and returns the base URL. */
  listen(options: { host?: string; port: number; flag?: string }): Promise<string>
  /** Stops listening; hung and delayed requests are cut off. */
  close(): Promise<void>
}

/**
 * The built-in receiver, for the engine's hosts and for `hookbench receive`.
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
  const inbox = defaultEndpoint()
  const app = createReceiverApp({
    ...options,
    endpoint: options.endpoint ?? ((name) => (name === inbox.name ? inbox : undefined)),
    onCapture: options.onCapture ?? (() => {}),
  })
  return {
    app,
    listen: ({ host = '127.0.0.1', port, flag = '--port' }) => listen(app, { host, port, flag }),
    close: () => app.close(),
  }
}
