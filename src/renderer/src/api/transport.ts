import { z } from 'zod'
import { type ApiTransport, type HookbenchApi, createApiClient } from '../../../shared/api/client'
import { EngineEventBatch } from '../../../shared/api/events'
import { ApiError, type Result, resultOf } from '../../../shared/result'
import { transportFailure } from './engine-words'

/** Any method's answer as a result; main has checked the data against the method's output schema. */
const ApiResult = resultOf(z.unknown())

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
      let json: unknown
      try {
        json = await response.json()
      } catch (error) {
        // Something answered, but not with the engine's JSON (a proxy's error page…).
        return unavailable(transportFailure(error, response.status))
      }
      const body = ApiResult.safeParse(json)
      if (body.success) return body.data
      return { ok: false, error: ApiError.parse({ code: 'internal', message: `The engine sent an answer that could not be read (HTTP ${response.status})` }) }
    },
    subscribe(listener, onOpen) {
      const source = new EventSource(`${baseUrl}/api/events`)
      // Also after a reconnection: EventSource reconnects by itself, and what happened meanwhile was not sent.
      source.onopen = () => onOpen?.()
      source.onmessage = (message) => {
        const parsed = EngineEventBatch.safeParse(JSON.parse(String(message.data)))
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

/** The desktop app's save dialog (the preload's `saveFile`); undefined in the browser, where files go where downloads go. */
export const desktopSaveFile = () => window.hookbench?.saveFile
