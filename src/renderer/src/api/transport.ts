import { type ApiTransport, type HookbenchApi, createApiClient } from '../../../shared/api/client'
import { EngineEventBatch } from '../../../shared/api/events'
import { ApiError, type Result } from '../../../shared/result'
import { transportFailure } from './engine-words'

/** Web mode: `POST /api/<method>` and server-sent events at `/api/events`. */
export function createHttpTransport(baseUrl = ''): ApiTransport {
  return {
    async call(method, input) {
      let response: Response
      try {
        response = await fetch(`${baseUrl}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        })
      } catch (error) {
        return unavailable(transportFailure(error))
      }
      try {
        return (await response.json()) as Result<unknown>
      } catch (error) {
        // Something answered, but not with the engine's JSON (a proxy's error page…).
        return unavailable(transportFailure(error, response.status))
      }
    },
    subscribe(listener) {
      const source = new EventSource(`${baseUrl}/api/events`)
      source.onmessage = (message) => {
        const parsed = EngineEventBatch.safeParse(JSON.parse(message.data as string))
        if (parsed.success) listener(parsed.data)
        else console.warn('Ignored an engine event batch that does not match the contract', parsed.error)
      }
      return () => source.close()
    },
  }
}

function unavailable(message: string): Result<never> {
  return { ok: false, error: ApiError.parse({ code: 'unavailable', message }) }
}

/** In Electron the preload exposes the same API over IPC; elsewhere we talk HTTP. */
export function connectApi(): HookbenchApi {
  return window.hookbench ?? createApiClient(createHttpTransport())
}

export const api: HookbenchApi = connectApi()
