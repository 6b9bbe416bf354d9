import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** The text, or what is wrong in words (`missing` when there is no such file). */
export type InputFile = { ok: true; text: string } | { ok: false; problem: string; missing?: boolean }

/** A scenario file, as the API takes it (1,000,000 characters: never more bytes in UTF-8 than that). */
export const MAX_SCENARIO_FILE_BYTES = 1_000_000

/**
 * Reads a file named on the command line, whole, as UTF-8 text of at most `maxBytes`. Only a
 * regular file is read: a FIFO would block until something writes to it, a device like /dev/zero
 * never ends; both are refused without waiting (the file is opened non-blocking), as is a file
 * over the limit, before its bytes are read. The problem is said in words:
 * "is too large …", "is not a regular file …", "cannot be read: …".
 * Read with blocking calls: a command reads its few files before doing anything else, and Node's
 * thread pool (started on the first asynchronous one) would cost a quick command more than the
 * wait (`scenarios validate`).
 */
export async function readInputFile(path: string, what: { noun: string; maxBytes: number }): Promise<InputFile> {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    return { ok: false, problem: cannotRead(error), ...((error as NodeJS.ErrnoException).code === 'ENOENT' && { missing: true }) }
  }
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) return { ok: false, problem: 'is a directory, not a file' }
    if (!info.isFile()) return { ok: false, problem: `is not a regular file (${kindOf(info)}); give a file` }
    const tooLarge = (size: string) => ({ ok: false as const, problem: `is too large (${size}); ${what.noun} is at most ${bytes(what.maxBytes)}` })
    if (info.size > what.maxBytes) return tooLarge(bytes(info.size))
    // One byte more than allowed is asked for: a file that grew since its size was read is caught too.
    const buffer = Buffer.alloc(what.maxBytes + 1)
    let length = 0
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > what.maxBytes) return tooLarge(`more than ${bytes(what.maxBytes)}`)
    }
    return { ok: true, text: buffer.toString('utf8', 0, length) }
  } catch (error) {
    return { ok: false, problem: cannotRead(error) }
  } finally {
    try {
      closeSync(fd)
    } catch {
      // Closing a file only read changes nothing the command relies on.
    }
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the disk reported an input/output error',
}

function cannotRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EISDIR') return 'is a directory, not a file'
  return `cannot be read: ${(code && REASONS[code]) ?? code ?? String(error)}`
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  return 'not a file'
}

function bytes(n: number): string {
  if (n < 1_000_000) return `${n.toLocaleString('en-US')} bytes`
  if (n < 1_000_000_000) return `${+(n / 1_000_000).toFixed(1)} MB`
  return `${+(n / 1_000_000_000).toFixed(1)} GB`
}
