import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, app, dialog, ipcMain, screen, session } from 'electron'
import { forwardEvents, registerIpcHandlers } from './ipc'
import { registerSaveFile } from './save-file'
import { isAppUrl, createMainWindow } from './window'
import { isVisibleOnSomeDisplay, loadWindowBounds, saveWindowBounds } from './window-state'
import { type OpenedEngine, openEngine } from '../host/open-engine'
import { startReceiver } from '../host/start-receiver'

/** The thin Electron shell: the engine runs here exactly as in web mode and the CLI. */
function rendererUrl(): string {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  return devUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
}

async function start() {
  const url = rendererUrl()
  const userData = app.getPath('userData')
  const boundsFile = join(userData, 'window-state.json')
  const opened: OpenedEngine = await openEngine({
    dataDir: join(userData, 'data'),
    host: 'electron',
    log: (line) => console.error(line),
  })
  // The usual receiver port, or any free one when another program holds it.
  const receiver = await startReceiver(opened.engine, { host: '127.0.0.1', port: 4781 }).catch(() =>
    startReceiver(opened.engine, { host: '127.0.0.1', port: 0 }),
  )
  registerIpcHandlers(ipcMain, opened.dispatch, (frameUrl) => isAppUrl(frameUrl, url))
  registerSaveFile(ipcMain, {
    dialog,
    windowOf: (event) => BrowserWindow.fromWebContents(event.sender),
    isTrustedUrl: (frameUrl) => isAppUrl(frameUrl, url),
    write: (path, bytes) => writeFile(path, bytes),
  })
  // Deny every permission request (camera, notifications…): Hookbench needs none.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))

  const saved = await loadWindowBounds(boundsFile)
  const displays = screen.getAllDisplays().map((d) => d.workArea)
  const bounds = saved && isVisibleOnSomeDisplay(saved, displays) ? saved : undefined
  const window = createMainWindow({ preloadPath: join(__dirname, '../preload/index.cjs'), rendererUrl: url, bounds })
  const stopEvents = forwardEvents(opened.engine.subscribe, window.webContents)
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
  void app.whenReady().then(start)
}
