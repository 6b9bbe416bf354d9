import type { ApiError, Result } from '../result'
import { type ApiInput, type ApiMethod, type ApiOutput, apiMethods } from './contract'
import type { EngineEventBatch } from './events'

/**
 * Engine event batches as they come. `onOpen` is called each time the stream is (re)connected:
 * events from before that may have been missed, so what was read before must be read again.
 * Returns the unsubscribe function.
 */
export type Subscribe = (listener: (batch: EngineEventBatch) => void, onOpen?: () => void) => () => void

/** What a transport must provide: call one method, and subscribe to event batches. */
export interface ApiTransport {
  call(method: ApiMethod, input: unknown): Promise<Result<unknown>>
  subscribe: Subscribe
}

/** The typed API as the renderer sees it, whatever the transport. */
export type HookbenchApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutput<M>>>
} & { subscribe: Subscribe }

export function createApiClient(transport: ApiTransport): HookbenchApi {
  const methods = Object.fromEntries(
    apiMethods.map((method) => [method, (input: unknown) => transport.call(method, input ?? {})]),
  )
  return { ...methods, subscribe: transport.subscribe } as HookbenchApi
}

/** Raised by `unwrap` so UI code can use try/catch where that reads better. */
export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
  }
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiCallError(result.error)
  return result.data
}
