import type { HostSession } from '../host/open-engine'
import { listen } from '../core/listen'
import { TOKEN_QUERY, accessTokenFor } from './access-token'
import { createWebServer } from './web-server'

export interface ServeWebOptions {
  host: string
  port: number
  staticDir: string
  /** The access token to ask for; without it one is made when `host` is not loopback. */
  token?: string
}

/**
 * Starts web mode on top of an opened engine; returns the UI URL (with the token to open it, when
 * one is asked for), whether other machines can reach it, and a stop function.
 */
export async function serveWeb(opened: Pick<HostSession, 'dispatch' | 'events'>, options: ServeWebOptions) {
  const token = accessTokenFor(options.host, options.token)
  const { app } = createWebServer({
    dispatch: opened.dispatch,
    subscribe: opened.events,
    staticDir: options.staticDir,
    host: options.host,
    token,
  })
  const base = await listen(app, { host: options.host, port: options.port, flag: '--port' })
  const url = token === undefined ? base : `${base}?${TOKEN_QUERY}=${token}`
  return { url, token, close: () => app.close() }
}
