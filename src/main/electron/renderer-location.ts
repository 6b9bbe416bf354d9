/** The scheme the built UI is served from (see app-protocol.ts); never `file://`. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'hookbench'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export interface RendererSource {
  isPackaged: boolean
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev` to its dev server. */
  devServerUrl: string | undefined
}

/**
 * Where the window loads the UI from: the app's own `app://` origin, or, only in an unpackaged
 * checkout, electron-vite's dev server on this machine. A packaged app ignores the variable, so
 * nobody can point an installed Hookbench at a page of their choosing through its environment.
 */
export function rendererUrl(source: RendererSource): string {
  if (source.isPackaged || !source.devServerUrl) return APP_ENTRY_URL
  return isLoopbackHttpUrl(source.devServerUrl) ? source.devServerUrl : APP_ENTRY_URL
}

function isLoopbackHttpUrl(url: string): boolean {
  const parsed = parseUrl(url)
  return parsed?.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)
}

/**
 * True for URLs of our own renderer (same scheme and host, port included); everything else is
 * refused. Scheme and host are compared rather than `origin`, which Node reports as "null" for
 * every non-http scheme such as `app:` and so would match any of them.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!target || !app || !app.host) return false
  return target.protocol === app.protocol && target.host === app.host
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * Network URLs the page may load: in development, the dev server it came from (its modules over
 * http and its hot-reload socket over ws); with the built UI on `app://`, none at all.
 */
export function isDevServerUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!target || app?.protocol !== 'http:') return false
  return (target.protocol === 'http:' || target.protocol === 'ws:') && target.host === app.host
}
