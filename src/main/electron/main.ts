import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, protocol, screen, session } from 'electron'
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol'
import { forwardEvents, registerIpcHandlers } from './ipc'
import { APP_SCHEME, isAppUrl, isDevServerUrl, rendererUrl } from './renderer-location'
import { registerSaveFile } from './save-file'
import { lockDownSession } from './session-policy'
import { createMainWindow } from './window'
import { isVisibleOnSomeDisplay, loadWindowBounds, saveWindowBounds } from './window-state'
import { type HostSession, openSession } from '../host/open-engine'

/** The thin Electron shell: the engine runs here exactly as in web mode and the CLI. */
async function start() {
  const url = rendererUrl({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL })
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')))
  lockDownSession(session.defaultSession, {
    isAppUrl: (pageUrl) => isAppUrl(pageUrl, url),
    isAllowedNetworkUrl: (requestUrl) => isDevServerUrl(requestUrl, url),
  })
  const userData = app.getPath('userData')
  const boundsFile = join(userData, 'window-state.json')
  const opened: HostSession = await openSession({
    dataDir: join(userData, 'data'),
    host: 'electron',
    log: (line) => console.error(line),
    background: true,
  })
  // The history is read in the background: one that cannot be read ends the app, saying why.
  opened.ready.catch((error: unknown) => void opened.close().catch(() => {}).finally(() => failedStart(error)))
  // The usual receiver port, or any free one when another program holds it.
  const receiver = await opened
    .startReceiver({ host: '127.0.0.1', port: 4781 })
    .catch(() => opened.startReceiver({ host: '127.0.0.1', port: 0 }))
    .catch(async (error: unknown) => {
      await opened.close()
      throw error
    })
  registerIpcHandlers(ipcMain, opened.dispatch, (frameUrl) => isAppUrl(frameUrl, url))
  registerSaveFile(ipcMain, {
    dialog,
    windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
    isTrustedUrl: (frameUrl) => isAppUrl(frameUrl, url),
    write: (path, bytes) => writeFile(path, bytes),
  })
  const saved = await loadWindowBounds(boundsFile)
  const displays = screen.getAllDisplays().map((d) => d.workArea)
  const bounds = saved && isVisibleOnSomeDisplay(saved, displays) ? saved : undefined
  const window = createMainWindow({ preloadPath: join(__dirname, '../preload/index.cjs'), rendererUrl: url, bounds })
  const stopEvents = forwardEvents(opened.events, window.webContents)
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds()
    void saveWindowBounds(boundsFile, { x, y, width, height, maximized: window.isMaximized() })
  })
  window.on('closed', stopEvents)

  let closing = false
  app.on('before-quit', (event) => {
    if (closing) return
    closing = true
    event.preventDefault()
    void receiver
      .close()
      .then(() => opened.close())
      .finally(() => app.quit())
  })
}

// Both must happen before the app is ready: `app://` gets its privileges, and every renderer,
// whatever its preferences say, runs sandboxed.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  app.on('window-all-closed', () => app.quit())
  void app.whenReady().then(start).catch(failedStart)
}

/** A start that fails ends the app, saying why: no window would ever come, and the process would stay. */
function failedStart(error: unknown) {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`Hookbench could not start: ${message}`)
  dialog.showErrorBox('Hookbench could not start', message)
  app.exit(1)
}
