import type { WebContents } from 'electron'

type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>

/**
 * Keeps a window on the app's own origin: no new windows at all (the UI opens none, and no link
 * is handed to the system browser, so `shell.openExternal` is never called), and every navigation,
 * redirect or frame navigation to anything else is cancelled. `<webview>` is refused too.
 */
export function guardNavigation(contents: GuardedContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const refuseForeign = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  }
  contents.on('will-navigate', refuseForeign)
  contents.on('will-redirect', refuseForeign)
  contents.on('will-frame-navigate', refuseForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
