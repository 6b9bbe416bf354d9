import { writeSync } from 'node:fs'

export interface DirectOutputOptions {
  /** Node's stream for the same descriptor (process.stdout or process.stderr), created when first needed. */
  stream(): { write(data: string | Uint8Array): unknown }
  /** The reader has gone (EPIPE): end quietly, as Unix tools do. */
  gone(): void
  /** A blocking write of bytes from an offset, returning how many it wrote (fs.writeSync; tests give another). */
  write?: (fd: number, bytes: Uint8Array, offset: number) => number
}

/**
 * Standard output or error written straight to its descriptor with blocking writes, without
 * Node's stream: creating process.stdout for a pipe loads Node's network and stream modules,
 * ~4 ms of a quick command's start (`--version`, `--help`, `scenarios validate`). Should the
 * descriptor take no more for now (a full pipe someone made non-blocking: EAGAIN), the rest, and
 * everything after it, goes through the stream, which waits for the reader.
 */
export function directOutput(fd: 1 | 2, options: DirectOutputOptions): (text: string) => void {
  const write = options.write ?? ((to: number, bytes: Uint8Array, offset: number) => writeSync(to, bytes, offset))
  let streamed = false
  return (text) => {
    if (streamed) return void options.stream().write(text)
    const bytes = Buffer.from(text)
    let written = 0
    try {
      while (written < bytes.length) written += write(fd, bytes, written)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EPIPE') return options.gone()
      if (code !== 'EAGAIN') throw error
      streamed = true
      options.stream().write(bytes.subarray(written))
    }
  }
}
