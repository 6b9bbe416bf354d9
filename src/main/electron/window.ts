import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron'
import { BrowserWindow, shell } from 'electron'
import type { WindowBounds } from '../../shared/schemas/window-state'
import { DEFAULT_SIZE } from './window-state'

export interface MainWindowOptions {
  preloadPath: string
  /** The renderer's URL: the dev server in development, a file:// URL when built. */
  rendererUrl: string
  bounds: WindowBounds | undefined
}

/** Locked-down preferences: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/** True for URLs of our own renderer; everything else is blocked or opened outside. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url)
    const app = new URL(rendererUrl)
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname
    return target.origin === app.origin
  } catch {
    return false
  }
}

export function createMainWindow(options: MainWindowOptions): BrowserWindowType {
  const { bounds } = options
  const window = new BrowserWindow({
    ...(bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : DEFAULT_SIZE),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Hookbench',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  if (bounds?.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  // New windows are never created; http(s) links open in the user's browser instead.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, options.rendererUrl)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  void window.loadURL(options.rendererUrl)
  return window
}
