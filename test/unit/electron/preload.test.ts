import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENTS_CHANNEL, IPC_SAVE_FILE_CHANNEL, apiMethods, ipcChannel } from '../../../src/shared/api/contract'

type Listener = (...args: unknown[]) => void

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Listener>()
  return {
    listeners,
    exposed: new Map<string, Record<string, unknown>>(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(() => Promise.resolve({ ok: true, data: {} })),
      on: vi.fn((channel: string, listener: Listener) => listeners.set(channel, listener)),
      removeListener: vi.fn((channel: string) => listeners.delete(channel)),
      send: vi.fn(),
    },
  }
})
vi.mock('electron', () => electron)

electron.contextBridge.exposeInMainWorld.mockImplementation((key: string, api: Record<string, unknown>) => electron.exposed.set(key, api))
await import('../../../src/preload/index')
const bridge = electron.exposed.get('hookbench')!

describe('the preload bridge (what the page can reach)', () => {
  it('exposes one named function per API method, saveFile and subscribe, and nothing of Electron', () => {
    expect([...electron.exposed.keys()]).toEqual(['hookbench'])
    expect(Object.keys(bridge).sort()).toEqual([...apiMethods, 'saveFile', 'subscribe'].sort())
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function')
    for (const raw of ['invoke', 'send', 'on', 'ipcRenderer', 'removeListener']) expect(bridge).not.toHaveProperty(raw)
  })

  it('sends each method only on its own channel', async () => {
    const getStatus = bridge.getStatus as (input: unknown) => Promise<unknown>
    await getStatus({})
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannel('getStatus'), {})
    const saveFile = bridge.saveFile as (input: unknown) => Promise<unknown>
    await saveFile({ filename: 'a.json', mimeType: 'application/json', base64: '' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_SAVE_FILE_CHANNEL, expect.objectContaining({ filename: 'a.json' }))
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
  })

  it('hands the page the event batch only, never the IPC event (which reaches ipcRenderer)', () => {
    const received: unknown[][] = []
    const subscribe = bridge.subscribe as (listener: (...args: unknown[]) => void) => () => void
    const unsubscribe = subscribe((...args) => received.push(args))
    const ipcEvent = { sender: electron.ipcRenderer, senderFrame: {} }
    electron.listeners.get(IPC_EVENTS_CHANNEL)!(ipcEvent, [{ type: 'notice', level: 'info', message: 'hi' }])
    expect(received).toEqual([[[{ type: 'notice', level: 'info', message: 'hi' }]]])
    unsubscribe()
    expect(electron.listeners.has(IPC_EVENTS_CHANNEL)).toBe(false)
  })
})
