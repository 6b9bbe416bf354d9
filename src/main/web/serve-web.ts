import type { OpenedEngine } from '../host/open-engine'
import { listen } from '../host/listen'
import { createWebServer } from './web-server'

export interface ServeWebOptions {
  host: string
  port: number
  staticDir: string
}

/** Starts web mode on top of an opened engine; returns the UI URL and a stop function. */
export async function serveWeb(opened: OpenedEngine, options: ServeWebOptions) {
  const { app } = createWebServer({
    dispatch: opened.dispatch,
    subscribe: opened.engine.subscribe,
    staticDir: options.staticDir,
    host: options.host,
  })
  const url = await listen(app, { host: options.host, port: options.port, flag: '--port' })
  return { url, close: () => app.close() }
}
