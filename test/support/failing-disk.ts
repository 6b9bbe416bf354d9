import type * as FsPromises from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'

/**
 * A disk that fails on demand, for `vi.mock('node:fs/promises', …)`: while `disk.fault` is set,
 * every write to a matching path fails with its code (ENOSPC, EROFS…), as a full or read-only
 * disk would. `torn` writes half the text first, like a write cut short by a full disk.
 */
export interface DiskFault {
  code: string
  path?: RegExp
  torn?: boolean
}
export const disk: { fault: DiskFault | undefined; failures: number } = { fault: undefined, failures: 0 }

const matches = (path: unknown) => disk.fault !== undefined && (!disk.fault.path || disk.fault.path.test(String(path)))

function failure(path: unknown): NodeJS.ErrnoException {
  disk.failures++
  const code = disk.fault!.code
  return Object.assign(new Error(`${code}: simulated failure, write '${String(path)}'`), { code, path: String(path), syscall: 'write' })
}

const textOf = (data: unknown) => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'))

function failingHandle(handle: FileHandle, path: string): FileHandle {
  const write = (real: (data: string) => Promise<void>) => async (data: unknown) => {
    if (!matches(path)) return real(textOf(data))
    if (disk.fault!.torn) await real(textOf(data).slice(0, Math.floor(textOf(data).length / 2)))
    throw failure(path)
  }
  return new Proxy(handle, {
    get(target, key) {
      if (key === 'appendFile') return write((data) => target.appendFile(data))
      if (key === 'writeFile') return write((data) => target.writeFile(data))
      const value = Reflect.get(target, key) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

export function failingFs(real: typeof FsPromises): typeof FsPromises {
  const guarded =
    <A extends unknown[], R>(fn: (path: never, ...rest: A) => Promise<R>, pathAt = 0) =>
    async (...args: A): Promise<R> => {
      if (matches(args[pathAt])) throw failure(args[pathAt])
      return (fn as (...all: unknown[]) => Promise<R>)(...args)
    }
  const mocked = {
    ...real,
    writeFile: guarded(real.writeFile),
    appendFile: guarded(real.appendFile),
    rename: guarded(real.rename, 1),
    link: guarded(real.link, 1),
    truncate: guarded(real.truncate),
    async open(path: Parameters<typeof real.open>[0], flags?: Parameters<typeof real.open>[1], mode?: Parameters<typeof real.open>[2]) {
      const handle = await real.open(path, flags, mode)
      return flags === undefined || flags === 'r' ? handle : failingHandle(handle, String(path))
    },
  }
  return { ...mocked, default: mocked } as unknown as typeof FsPromises
}
