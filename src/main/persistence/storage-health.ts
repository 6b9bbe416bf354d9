import { type StorageFailure, storageFailure } from './storage-failure'

/** A data file that cannot be written at the moment: shown in the status until a write succeeds again. */
export interface FailingFile {
  file: string
  message: string
  since: string
}

/**
 * Whether the data directory takes writes. Every store reports each write here: the first failure
 * of a file raises a notice, and the next success of that file clears it.
 */
export function createStorageHealth(now: () => number = Date.now) {
  const failing = new Map<string, FailingFile>()
  const listeners = new Set<(change: { failed?: FailingFile; recovered?: string }) => void>()
  const tell = (change: { failed?: FailingFile; recovered?: string }) => {
    for (const listener of listeners) listener(change)
  }
  return {
    /** Runs one write of `file`; a failure is recorded and rethrown as a `StorageFailure`. */
    async write(file: string, work: () => Promise<void>): Promise<void> {
      try {
        await work()
      } catch (error) {
        throw this.failed(file, error)
      }
      this.succeeded(file)
    },
    failed(file: string, error: unknown): StorageFailure {
      const failure = storageFailure(error, file)
      const known = failing.get(file)
      if (known?.message !== failure.message) {
        const entry = { file, message: failure.message, since: known?.since ?? new Date(now()).toISOString() }
        failing.set(file, entry)
        tell({ failed: entry })
      }
      return failure
    },
    succeeded(file: string) {
      if (failing.delete(file)) tell({ recovered: file })
    },
    /** Files whose last write failed, oldest failure first. */
    failing: (): FailingFile[] => [...failing.values()],
    onChange(listener: (change: { failed?: FailingFile; recovered?: string }) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
export type StorageHealth = ReturnType<typeof createStorageHealth>
