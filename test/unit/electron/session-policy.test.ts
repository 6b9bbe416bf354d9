import { describe, expect, it, vi } from 'vitest'
import { APP_ENTRY_URL, isAppUrl, isDevServerUrl } from '../../../src/main/electron/renderer-location'
import { type LockableSession, lockDownSession } from '../../../src/main/electron/session-policy'

type RequestHandler = Parameters<LockableSession['setPermissionRequestHandler']>[0]
type CheckHandler = Parameters<LockableSession['setPermissionCheckHandler']>[0]
type BeforeRequest = Parameters<LockableSession['webRequest']['onBeforeRequest']>[1]

/** A session double that keeps what lockDownSession installs. */
function lockedSession(rendererUrl: string) {
  const installed: { request?: RequestHandler; check?: CheckHandler; filter?: { urls: string[] }; beforeRequest?: BeforeRequest } = {}
  const session: LockableSession = {
    setPermissionRequestHandler: (handler: RequestHandler) => (installed.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (installed.check = handler),
    webRequest: {
      onBeforeRequest: (filter: { urls: string[] }, listener: BeforeRequest) => {
        installed.filter = filter
        installed.beforeRequest = listener
      },
    },
  }
  lockDownSession(session, {
    isAppUrl: (url) => isAppUrl(url, rendererUrl),
    isAllowedNetworkUrl: (url) => isDevServerUrl(url, rendererUrl),
  })
  const request = (permission: string, requestingUrl: string, isMainFrame = true) => {
    const callback = vi.fn()
    installed.request!({}, permission, callback, { isMainFrame, requestingUrl })
    expect(callback).toHaveBeenCalledTimes(1)
    return callback.mock.calls[0]![0] as boolean
  }
  const check = (permission: string, origin: string, isMainFrame = true) => installed.check!({}, permission, origin, { isMainFrame })
  const load = (url: string) => {
    const callback = vi.fn()
    installed.beforeRequest!({ url }, callback)
    return callback.mock.calls[0]![0] as { cancel: boolean }
  }
  return { request, check, load, filter: () => installed.filter }
}

const PERMISSIONS = ['media', 'geolocation', 'notifications', 'midiSysex', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'serial', 'usb', 'display-capture', 'unknown']

describe('the desktop session', () => {
  it('refuses every permission the page asks for', () => {
    const session = lockedSession(APP_ENTRY_URL)
    for (const permission of PERMISSIONS) {
      expect(session.request(permission, APP_ENTRY_URL), permission).toBe(false)
      expect(session.check(permission, 'app://hookbench'), permission).toBe(false)
    }
  })

  it('lets only the app’s own page write to the clipboard (the copy buttons)', () => {
    const session = lockedSession(APP_ENTRY_URL)
    expect(session.request('clipboard-sanitized-write', `${APP_ENTRY_URL}#/timeline`)).toBe(true)
    expect(session.check('clipboard-sanitized-write', 'app://hookbench')).toBe(true)
    expect(session.request('clipboard-sanitized-write', APP_ENTRY_URL, false)).toBe(false)
    expect(session.check('clipboard-sanitized-write', 'app://hookbench', false)).toBe(false)
    for (const url of ['https://evil.example/', 'evil://hookbench/', 'file:///index.html']) {
      expect(session.request('clipboard-sanitized-write', url), url).toBe(false)
      expect(session.check('clipboard-sanitized-write', url), url).toBe(false)
    }
  })

  it('loads nothing from the network when the UI is the built one', () => {
    const session = lockedSession(APP_ENTRY_URL)
    expect(session.filter()?.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'])
    for (const url of ['https://cdn.example/react.js', 'http://127.0.0.1:4781/hooks/x', 'http://localhost:5173/', 'wss://evil.example/socket']) {
      expect(session.load(url), url).toEqual({ cancel: true })
    }
  })

  it('in development, loads only from its dev server (modules and the hot-reload socket)', () => {
    const session = lockedSession('http://localhost:5173/')
    expect(session.load('http://localhost:5173/src/main.tsx')).toEqual({ cancel: false })
    expect(session.load('ws://localhost:5173/')).toEqual({ cancel: false })
    for (const url of ['http://localhost:5174/', 'https://localhost:5173/', 'https://cdn.example/react.js']) {
      expect(session.load(url), url).toEqual({ cancel: true })
    }
  })
})
