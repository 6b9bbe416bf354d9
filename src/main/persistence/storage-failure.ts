import { ApiFailure } from '../core/errors'

/** Why a write failed, in words a person can act on (the system's code names the cause). */
const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'the disk reported an input/output error',
  ENOENT: 'the data directory or file is gone',
  EMFILE: 'too many files are open',
}

/**
 * A write to the data directory that failed: the API answers it as `unavailable` (503) with the
 * cause and the file, e.g. "Could not save: the disk is full (/home/me/.hookbench/hookbench.json)".
 */
export class StorageFailure extends ApiFailure {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('unavailable', `Could not save: ${reason} (${file})`)
  }
}

/** Turns what a write threw into a `StorageFailure` naming the cause and the data file it was saving. */
export function storageFailure(error: unknown, file: string): StorageFailure {
  if (error instanceof StorageFailure) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const cause = (code && CAUSES[code]) ?? (error instanceof Error ? error.message : String(error))
  return new StorageFailure(file, cause)
}

export const isStorageFailure = (error: unknown): error is StorageFailure => error instanceof StorageFailure
