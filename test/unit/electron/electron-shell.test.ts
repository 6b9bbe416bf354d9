import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { apiMethods, ipcChannel } from '../../../src/shared/api/contract'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META_TAG, META_CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'

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
      enableSandbox: vi.fn(),
      isPackaged: false,
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn() },
    screen: {},
    session: {},
  }
})
vi.mock('electron', () => electron)

const { createMainWindow } = await import('../../../src/main/electron/window')
const { APP_ENTRY_URL, isAppUrl, rendererUrl } = await import('../../../src/main/electron/renderer-location')
const { registerIpcHandlers } = await import('../../../src/main/electron/ipc')
const { createDispatcher } = await import('../../../src/main/api/dispatch')

const APP_URL = APP_ENTRY_URL
/** Pages that are not ours, including look-alikes a string comparison would let through. */
const FOREIGN_URLS = [
  'https://evil.example/',
  'http://hookbench/index.html',
  'app://evil/index.html',
  'app://hookbench.evil.example/index.html',
  'evil://hookbench/index.html',
  'file:///opt/hookbench/out/renderer/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'not a url',
]

function navigation(url: string) {
  return { url, preventDefault: vi.fn() }
}

describe('Electron window', () => {
  beforeEach(() => {
    electron.windows.length = 0
  })

  it('is isolated, sandboxed and has no Node integration', () => {
    createMainWindow({ preloadPath: '/p/index.cjs', rendererUrl: APP_URL, bounds: undefined })
    const prefs = electron.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/p/index.cjs' })
    expect(prefs).toMatchObject({ nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('restores the saved size and position', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: { x: 10, y: 20, width: 1000, height: 700, maximized: false } })
    expect(electron.windows[0]!.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 })
  })

  it('denies every new window and hands no link to the system browser', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: undefined })
    const open = electron.windows[0]!.openHandler!
    for (const url of ['https://example.com/docs', `${APP_URL}#/timeline`, 'file:///etc/passwd', 'smb://host/share']) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s stays on the app and refuses any other page', (name) => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: undefined })
    const handler = electron.windows[0]!.handlers.get(name)!
    for (const url of FOREIGN_URLS) {
      const away = navigation(url)
      handler(away)
      expect(away.preventDefault, url).toHaveBeenCalled()
    }
    for (const url of [APP_URL, `${APP_URL}#/timeline`, 'app://hookbench/']) {
      const inside = navigation(url)
      handler(inside)
      expect(inside.preventDefault, url).not.toHaveBeenCalled()
    }
  })

  it('in development, stays on the dev server it was loaded from', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: 'http://localhost:5173/', bounds: undefined })
    const willNavigate = electron.windows[0]!.handlers.get('will-navigate')!
    const inside = navigation('http://localhost:5173/#/fire')
    willNavigate(inside)
    expect(inside.preventDefault).not.toHaveBeenCalled()
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', APP_URL]) {
      const away = navigation(url)
      willNavigate(away)
      expect(away.preventDefault, url).toHaveBeenCalled()
    }
  })

  it('refuses to attach a <webview>', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP_URL, bounds: undefined })
    const attach = { preventDefault: vi.fn() }
    electron.windows[0]!.handlers.get('will-attach-webview')!(attach, {}, { src: APP_URL })
    expect(attach.preventDefault).toHaveBeenCalled()
  })

  it('has one strict Content-Security-Policy, and the page source holds no other', () => {
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive)
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/)
    // The <meta> form is the header less what a <meta> policy cannot carry.
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''))
    expect(CONTENT_SECURITY_POLICY_META_TAG).toEqual({
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    })
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8')
    expect(html).not.toMatch(/Content-Security-Policy/i)
  })
})

describe('Where the window loads the UI from', () => {
  it('is app://hookbench when built, never file://', () => {
    expect(APP_URL).toBe('app://hookbench/index.html')
    expect(rendererUrl({ isPackaged: false, devServerUrl: undefined })).toBe(APP_URL)
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(rendererUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173/' })).toBe(APP_URL)
    expect(rendererUrl({ isPackaged: true, devServerUrl: 'https://evil.example/' })).toBe(APP_URL)
  })

  it('honours it in a checkout only for a dev server on this machine', () => {
    expect(rendererUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173/' })).toBe('http://localhost:5173/')
    expect(rendererUrl({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5173/' })).toBe('http://127.0.0.1:5173/')
    for (const remote of ['https://evil.example/', 'http://192.168.1.20:5173/', 'http://localhost.evil.example/', 'file:///tmp/index.html', 'nonsense']) {
      expect(rendererUrl({ isPackaged: false, devServerUrl: remote }), remote).toBe(APP_URL)
    }
  })

  it('tells its own pages by scheme and host, not by a string prefix', () => {
    expect(isAppUrl('app://hookbench/assets/index.js', APP_URL)).toBe(true)
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true)
    for (const url of FOREIGN_URLS) expect(isAppUrl(url, APP_URL), url).toBe(false)
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
    for (const url of FOREIGN_URLS) {
      await expect(handler({ senderFrame: { url, parent: null } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    await expect(handler({ senderFrame: { url: APP_URL, parent: {} } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(handler({ senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('Electron app start-up', () => {
  it('registers app:// as a privileged scheme and sandboxes every renderer before the app is ready', async () => {
    vi.resetModules()
    electron.protocol.registerSchemesAsPrivileged.mockClear()
    electron.app.enableSandbox.mockClear()
    await import('../../../src/main/electron/main')
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(electron.app.enableSandbox).toHaveBeenCalled()
    expect(electron.protocol.handle).not.toHaveBeenCalled()
  })

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
