import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENTS_CHANNEL, apiMethods, ipcChannel } from '../shared/api/contract'
import type { EngineEventBatch } from '../shared/api/events'

/**
 * One named function per contract method, plain data in and out, plus `subscribe` for engine
 * events. No generic `invoke`/`send`, no Node, no `ipcRenderer` leaks into the page.
 */
const methods = Object.fromEntries(
  apiMethods.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)]),
)

contextBridge.exposeInMainWorld('hookbench', {
  ...methods,
  subscribe(listener: (batch: EngineEventBatch) => void) {
    const handler = (_event: unknown, batch: EngineEventBatch) => listener(batch)
    ipcRenderer.on(IPC_EVENTS_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENTS_CHANNEL, handler)
    }
  },
})
