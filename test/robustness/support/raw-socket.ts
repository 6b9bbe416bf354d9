import { connect } from 'node:net'

export interface RawAnswer {
  /** The status code of the first status line, or 0 when the server closed without one. */
  status: number
  text: string
  ms: number
  closed: boolean
}

/** Writes bytes on a fresh TCP connection and reads until the server closes it or `waitMs` passes. */
export function rawExchange(port: number, bytes: Buffer | string, waitMs = 3_000): Promise<RawAnswer> {
  const started = performance.now()
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    let text = ''
    let closed = false
    const done = () => {
      clearTimeout(timer)
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({ status: match ? Number(match[1]) : 0, text, ms: performance.now() - started, closed })
    }
    const timer = setTimeout(() => {
      socket.destroy()
      done()
    }, waitMs)
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      // One whole answer is enough: a keep-alive server would otherwise hold the socket open.
      const head = text.indexOf('\r\n\r\n')
      const length = /content-length: *(\d+)/i.exec(text)
      if (head !== -1 && length && text.length >= head + 4 + Number(length[1])) socket.destroy()
    })
    socket.on('close', () => {
      closed = true
      done()
    })
    socket.on('error', () => {})
  })
}
