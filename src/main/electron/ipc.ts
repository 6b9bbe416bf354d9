import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { IPC_EVENTS_CHANNEL, apiMethods, ipcChannel } from '../../shared/api/contract'
import type { EngineEvent } from '../../shared/api/events'
import { fail } from '../../shared/result'
import type { Dispatch } from '../api/dispatch'
import { createEventBatcher } from '../api/event-batcher'

/**
 * One `ipcMain.handle` per contract method. Each checks that the call comes from our own page
 * (not an iframe or a navigated-away frame), then hands it to the dispatcher, which validates
 * the input with zod and returns errors as values.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
) {
  for (const method of apiMethods) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      const frameUrl = event.senderFrame?.url
      if (!frameUrl || !isTrustedUrl(frameUrl) || event.senderFrame?.parent) {
        return fail('forbidden', 'IPC calls are only accepted from the Hookbench window')
      }
      return dispatch(method, input)
    })
  }
}

/** Pushes engine events to a window in batches; returns the unsubscribe function. */
export function forwardEvents(
  subscribe: (listener: (event: EngineEvent) => void) => () => void,
  webContents: Pick<WebContents, 'send' | 'isDestroyed'>,
): () => void {
  const batcher = createEventBatcher((batch) => {
    if (!webContents.isDestroyed()) webContents.send(IPC_EVENTS_CHANNEL, batch)
  })
  const unsubscribe = subscribe((event) => batcher.push(event))
  return () => {
    unsubscribe()
    batcher.close()
  }
}
