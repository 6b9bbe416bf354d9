/** What this module uses of Electron's `Session`, so tests can hand it a plain object. */
export interface LockableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { isMainFrame: boolean; requestingUrl: string }) => void,
  ): void
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string, details: { isMainFrame: boolean }) => boolean): void
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void
  }
}

/** The one permission the UI uses: writing to the clipboard ("Copy as cURL", copy buttons). */
const CLIPBOARD_WRITE = 'clipboard-sanitized-write'

/** Every scheme the page could reach the network with. */
const NETWORK_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']

export interface SessionPolicy {
  /** The app's own pages (see `isAppUrl`). */
  isAppUrl(url: string): boolean
  /** Network URLs the page may load: electron-vite's dev server in development, none when built. */
  isAllowedNetworkUrl(url: string): boolean
}

/**
 * The renderer's session: every permission request and check is refused except a clipboard
 * write from the app's own main frame, and the page loads nothing from the network (the engine
 * talks to the network from the main process, through IPC, never from the page).
 */
export function lockDownSession(session: LockableSession, policy: SessionPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === CLIPBOARD_WRITE && details.isMainFrame && policy.isAppUrl(details.requestingUrl))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return permission === CLIPBOARD_WRITE && details.isMainFrame && policy.isAppUrl(requestingOrigin)
  })
  session.webRequest.onBeforeRequest({ urls: NETWORK_URLS }, (details, callback) => {
    callback({ cancel: !policy.isAllowedNetworkUrl(details.url) })
  })
}
