import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

/** An Electron double that starts at once, records what start-up wires, and keeps the order. */
const electron = vi.hoisted(() => {
  const steps: string[] = []
  const loaded: string[] = []
  class BrowserWindow {
    static getAllWindows = () => []
    static fromWebContents = () => null
    webContents = { setWindowOpenHandler: () => {}, on: () => {}, send: () => {}, isDestroyed: () => false }
    constructor() {
      steps.push('window')
    }
    once() {}
    on() {}
    maximize() {}
    loadURL(url: string) {
      loaded.push(url)
      return Promise.resolve()
    }
  }
  return {
    steps,
    loaded,
    BrowserWindow,
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      enableSandbox: vi.fn(() => steps.push('sandbox')),
      quit: vi.fn(),
      exit: vi.fn(),
      on: vi.fn(),
      getPath: vi.fn(() => ''),
      whenReady: vi.fn(() => Promise.resolve()),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => steps.push('privileged scheme')),
      handle: vi.fn((scheme: string) => steps.push(`handle ${scheme}`)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(() => steps.push('permission requests')),
        setPermissionCheckHandler: vi.fn(() => steps.push('permission checks')),
        webRequest: { onBeforeRequest: vi.fn(() => steps.push('network')) },
      },
    },
    ipcMain: { handle: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    screen: { getAllDisplays: () => [] },
  }
})
vi.mock('electron', () => electron)
const host = vi.hoisted(() => ({ receiverFails: false, historyFails: false, engineClosed: vi.fn() }))
vi.mock('../../../src/main/host/open-engine', () => ({
  openSession: () =>
    Promise.resolve({
      events: () => () => {},
      dispatch: () => Promise.resolve({ ok: true, data: {} }),
      startReceiver: () => (host.receiverFails ? Promise.reject(new Error('Could not save: the disk is full (hookbench.json)')) : Promise.resolve({ close: () => Promise.resolve() })),
      close: () => Promise.resolve(host.engineClosed()),
      // The history, read in the background: what a previous run left pending, resumed once it is read.
      ready: host.historyFails ? Promise.reject(new Error('EIO: i/o error, read')) : Promise.resolve(0),
    }),
}))

async function startApp(environment: { isPackaged: boolean; rendererUrl?: string }) {
  vi.resetModules()
  electron.steps.length = 0
  electron.loaded.length = 0
  electron.app.isPackaged = environment.isPackaged
  electron.app.getPath.mockReturnValue(mkdtempSync(join(tmpdir(), 'hookbench-electron-start-')))
  vi.stubEnv('ELECTRON_RENDERER_URL', environment.rendererUrl)
  await import('../../../src/main/electron/main')
}

afterEach(() => {
  vi.unstubAllEnvs()
  host.receiverFails = false
  host.historyFails = false
})

describe('the desktop app at start-up', () => {
  it('serves app:// and locks the session down before the window exists, then loads app://hookbench', async () => {
    await startApp({ isPackaged: true })
    await vi.waitFor(() => expect(electron.loaded).toHaveLength(1))
    expect(electron.steps).toEqual(['privileged scheme', 'sandbox', 'handle app', 'permission requests', 'permission checks', 'network', 'window'])
    expect(electron.loaded).toEqual(['app://hookbench/index.html'])
    expect(electron.ipcMain.handle).toHaveBeenCalled()
  })

  it('a start that fails (a full disk) closes the engine, says why and exits, with no window', async () => {
    host.receiverFails = true
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await startApp({ isPackaged: true })
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1))
    expect(host.engineClosed).toHaveBeenCalledTimes(1)
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Hookbench could not start', 'Could not save: the disk is full (hookbench.json)')
    expect(electron.steps).not.toContain('window')
  })

  it('a history that cannot be read (read after the window is up) closes the engine, says why and exits', async () => {
    host.historyFails = true
    host.engineClosed.mockClear()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await startApp({ isPackaged: true })
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1))
    expect(host.engineClosed).toHaveBeenCalledTimes(1)
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Hookbench could not start', 'EIO: i/o error, read')
    // The mock's exit ends nothing: the start goes on to its window, as it had before the history failed.
    await vi.waitFor(() => expect(electron.loaded).toHaveLength(1))
  })

  it('a packaged app ignores ELECTRON_RENDERER_URL', async () => {
    await startApp({ isPackaged: true, rendererUrl: 'http://localhost:5173/' })
    await vi.waitFor(() => expect(electron.loaded).toHaveLength(1))
    expect(electron.loaded).toEqual(['app://hookbench/index.html'])
  })

  it('a checkout loads the dev server it names, if it is on this machine', async () => {
    await startApp({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })
    await vi.waitFor(() => expect(electron.loaded).toHaveLength(1))
    expect(electron.loaded).toEqual(['http://localhost:5173/'])
    await startApp({ isPackaged: false, rendererUrl: 'https://evil.example/' })
    await vi.waitFor(() => expect(electron.loaded).toHaveLength(1))
    expect(electron.loaded).toEqual(['app://hookbench/index.html'])
  })
})
