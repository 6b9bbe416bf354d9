import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron'
import { BrowserWindow } from 'electron'
import type { WindowBounds } from '../../shared/schemas/window-state'
import { guardNavigation } from './navigation-guard'
import { isAppUrl } from './renderer-location'
import { DEFAULT_SIZE } from './window-state'

export interface MainWindowOptions {
  preloadPath: string
  /** The renderer's URL: `app://hookbench/index.html`, or the dev server in development. */
  rendererUrl: string
  bounds: WindowBounds | undefined
}

/**
 * Locked-down preferences: isolated, sandboxed, no Node in the page, web security on, no
 * experimental or Blink features, no `<webview>`, and a dropped file does not replace the page.
 */
export function secureWebPreferences(preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
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
  guardNavigation(window.webContents, (url) => isAppUrl(url, options.rendererUrl))
  void window.loadURL(options.rendererUrl)
  return window
}
