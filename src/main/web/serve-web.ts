import type { OpenedEngine } from '../host/open-engine'
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
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    throw new Error(describeListenError(error, options.host, options.port, '--port'), { cause: error })
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return { url: `http://${hostForUrl}:${port}/`, close: () => app.close() }
}

/** One clear line for the usual reasons a server cannot bind. */
export function describeListenError(error: unknown, host: string, port: number, flag: string): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; choose another with ${flag} (0 picks a free one)`
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}; choose a port above 1024 with ${flag}`
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine`
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`
}
