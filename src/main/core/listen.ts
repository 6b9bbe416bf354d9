import type { FastifyInstance } from 'fastify'
import { SetupError } from './errors'

/** Reasons to not bind that the user fixes by choosing another port or address. */
const USER_FIXABLE = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'])

/** Starts listening and returns the base URL (`http://host:port/`, the chosen port when 0 was asked). */
export async function listen(app: FastifyInstance, options: { host: string; port: number; flag: string }): Promise<string> {
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    const message = describeListenError(error, options.host, options.port, options.flag)
    throw USER_FIXABLE.has((error as NodeJS.ErrnoException)?.code ?? '') ? new SetupError(message, { cause: error }) : new Error(message, { cause: error })
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`
}

/** One clear line for the usual reasons a server cannot bind. */
export function describeListenError(error: unknown, host: string, port: number, flag: string): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; choose another with ${flag} (0 picks a free one)`
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}; choose a port above 1024 with ${flag}`
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine`
  return `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`
}
