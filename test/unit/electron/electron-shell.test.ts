import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { apiMethods, ipcChannel } from '../../../src/shared/api/contract'

type Handler = (...args: unknown[]) => unknown

const electron = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; handlers: Map<string, Handler>; openHandler?: Handler }> = []
  class BrowserWindow {
    static getAllWindows = () => []
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const record = { options, handlers: new Map<string, Handler>(), openHandler: undefined as Handler | undefined }
      windows.push(record)
      this.webContents = {
        setWindowOpenHandler: (fn: Handler) => (record.openHandler = fn),
        on: (name: string, fn: Handler) => record.handlers.set(name, fn),
      }
    }
    once() {}
    on() {}
    maximize() {}
    loadURL() {
      return Promise.resolve()
    }
  }
  return {
    windows,
    BrowserWindow,
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    app: {
      requestSingleInstanceLock: vi.fn(() => false),
      quit: vi.fn(),
      on: vi.fn(),
      whenReady: vi.fn(() => new Promise(() => {})),
    },
    ipcMain: { handle: vi.fn() },
    screen: {},
    session: {},
  }
})
vi.mock('electron', () => electron)

const { createMainWindow, isAppUrl } = await import('../../../src/main/electron/window')
const { registerIpcHandlers } = await import('../../../src/main/electron/ipc')
const { createDispatcher } = await import('../../../src/main/api/dispatch')

const APP_URL = 'file:///opt/hookbench/out/renderer/index.html'

describe('Electron window', () => {
  beforeEach(() => {
    electron.windows.length = 0
  })

  it('is isolated, sandboxed and has no Node integration', () => {
    createMainWindow({ preloadPath: '/p/index.cjs', rendererUrl: APP_URL, bounds: undefined })
    const prefs = electron.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/p/index.cjs' })
  })

  it('restores the saved size and position', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: { x: 10, y: 20, width: 1000, height: 700, maximized: false } })
    expect(electron.windows[0]!.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 })
  })

  it('denies window.open and sends web links to the system browser', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: undefined })
    const open = electron.windows[0]!.openHandler!
    expect(open({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs')
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('blocks navigation away from the app', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: undefined })
    const willNavigate = electron.windows[0]!.handlers.get('will-navigate')!
    const away = { preventDefault: vi.fn() }
    willNavigate(away, 'https://evil.example/')
    expect(away.preventDefault).toHaveBeenCalled()
    const inside = { preventDefault: vi.fn() }
    willNavigate(inside, `${APP_URL}#/timeline`)
    expect(inside.preventDefault).not.toHaveBeenCalled()
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true)
  })

  it('ships a strict Content-Security-Policy with the page', () => {
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8')
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("object-src 'none'")
  })
})

describe('Electron IPC', () => {
  function register() {
    const handlers = new Map<string, Handler>()
    const dispatch = createDispatcher(
      { getStatus: () => { throw new Error('not reached in these tests') } } as never,
      { error: () => {} },
    )
    registerIpcHandlers({ handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } as never, dispatch, (url) => isAppUrl(url, APP_URL))
    return handlers
  }
  const fromApp = { senderFrame: { url: APP_URL, parent: null } }

  it('has a handler for every method of the contract', () => {
    const handlers = register()
    expect([...handlers.keys()].sort()).toEqual(apiMethods.map(ipcChannel).sort())
  })

  it.each(apiMethods)('%s validates its input before the engine sees it', async (method) => {
    const handler = register().get(ipcChannel(method))!
    await expect(handler(fromApp, 'not an object')).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('refuses calls from other pages and from iframes', async () => {
    const handler = register().get(ipcChannel('getStatus'))!
    await expect(handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(handler({ senderFrame: { url: APP_URL, parent: {} } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(handler({ senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('Electron app start-up', () => {
  it('takes the single-instance lock and quits when another instance has it', async () => {
    vi.resetModules()
    electron.app.requestSingleInstanceLock.mockReturnValue(false)
    await import('../../../src/main/electron/main')
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled()
    expect(electron.app.quit).toHaveBeenCalled()
    expect(electron.app.whenReady).not.toHaveBeenCalled()
  })

  it('starts when it holds the lock, and focuses itself on a second launch', async () => {
    vi.resetModules()
    electron.app.quit.mockClear()
    electron.app.requestSingleInstanceLock.mockReturnValue(true)
    await import('../../../src/main/electron/main')
    expect(electron.app.whenReady).toHaveBeenCalled()
    expect(electron.app.on).toHaveBeenCalledWith('second-instance', expect.any(Function))
    expect(electron.app.quit).not.toHaveBeenCalled()
  })
})
