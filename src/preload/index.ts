import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENTS_CHANNEL, IPC_SAVE_FILE_CHANNEL, apiMethods, ipcChannel } from '../shared/api/contract'
import type { EngineEventBatch } from '../shared/api/events'
import type { DownloadFile } from '../shared/schemas/download'

/**
 * One named function per contract method, plain data in and out, plus `subscribe` for engine
 * events and `saveFile` for exports (a save dialog in main). No generic `invoke`/`send`, no
 * Node, no `ipcRenderer` leaks into the page.
 */
const methods = Object.fromEntries(
  apiMethods.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)]),
)

contextBridge.exposeInMainWorld('hookbench', {
  ...methods,
  saveFile: (file: DownloadFile) => ipcRenderer.invoke(IPC_SAVE_FILE_CHANNEL, file),
  subscribe(listener: (batch: EngineEventBatch) => void, onOpen?: () => void) {
    const handler = (_event: unknown, batch: EngineEventBatch) => listener(batch)
    ipcRenderer.on(IPC_EVENTS_CHANNEL, handler)
    // IPC has no connection to lose: from here on every event arrives.
    queueMicrotask(() => onOpen?.())
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS_CHANNEL, handler)
    }
  },
})
