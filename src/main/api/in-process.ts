import { type HookbenchApi, createApiClient } from '../../shared/api/client'
import type { Dispatch } from './dispatch'
import type { Subscribe } from './event-door'

/**
 * The API for a client in the engine's own process (the CLI): the same dispatcher as IPC and web
 * mode, so the same validation, errors and redaction; events arrive one by one as they happen
 * (no batching: nothing crosses a process).
 */
export function inProcessApi(dispatch: Dispatch, events: Subscribe): HookbenchApi {
  return createApiClient({
    call: (method, input) => dispatch(method, input),
    subscribe: (listener) => events((event) => listener([event])),
  })
}
