import { type Server, createServer as createHttpServer } from 'node:http'
import { type Socket, createServer as createTcpServer } from 'node:net'

export type HostileKind = 'hang' | 'reset' | 'redirect-loop' | 'huge-fast' | 'huge-slow' | 'invalid-http' | 'garbage-headers' | 'half-response'

/** Bytes a "huge" answer sends: far past the 4 KB the sender keeps. */
export const HUGE_BYTES = 64 * 1024 * 1024

/**
 * Endpoints that misbehave on purpose, one path each, on 127.0.0.1. The HTTP ones share one
 * server; the ones that do not speak HTTP at all get a raw TCP server.
 */
export async function startHostileTargets() {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const http: Server = createHttpServer((req, res) => {
    req.resume()
    const path = req.url ?? ''
    if (path.startsWith('/hang')) return // never answers
    if (path.startsWith('/reset')) return req.socket.destroy()
    if (path.startsWith('/redirect-loop')) return res.writeHead(307, { Location: '/redirect-loop' }).end()
    if (path.startsWith('/huge-fast')) {
      res.writeHead(200, { 'Content-Length': String(HUGE_BYTES) })
      const chunk = Buffer.alloc(1024 * 1024, 0x61)
      let sent = 0
      const pump = () => {
        while (sent < HUGE_BYTES) {
          sent += chunk.length
          if (!res.write(chunk)) return res.once('drain', pump)
        }
        res.end()
      }
      return pump()
    }
    if (path.startsWith('/huge-slow')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024, 0x62)), 20)
      timers.add(timer)
      res.on('close', () => clearInterval(timer))
      return
    }
    res.writeHead(404).end()
  })
  const tcp = createTcpServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.once('data', (head: Buffer) => {
      const path = /^\S+ (\S+)/.exec(head.toString('latin1'))?.[1] ?? ''
      if (path.startsWith('/invalid-http')) socket.end('SMTP READY\r\n\u0000\u0001\u0002 not http at all\r\n\r\n')
      else if (path.startsWith('/garbage-headers')) socket.end('HTTP/1.1 200 OK\r\nBad Header Line\r\nContent-Length: x\r\n\r\nhello')
      else if (path.startsWith('/half-response')) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a little')
      else socket.destroy()
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
  const httpBase = `http://127.0.0.1:${(http.address() as { port: number }).port}`
  const tcpBase = `http://127.0.0.1:${(tcp.address() as { port: number }).port}`
  return {
    url(kind: HostileKind): string {
      return `${['invalid-http', 'garbage-headers', 'half-response'].includes(kind) ? tcpBase : httpBase}/${kind}`
    },
    async close() {
      for (const timer of timers) clearInterval(timer)
      for (const socket of sockets) socket.destroy()
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
      await new Promise((resolve) => tcp.close(resolve))
    },
  }
}
