import { z } from 'zod'

export const HostKind = z.enum(['electron', 'web', 'cli'])
export type HostKind = z.infer<typeof HostKind>

/** A data file that could not be used at start-up and was moved aside. */
export const StorageRecovery = z.object({ file: z.string(), movedTo: z.string(), reason: z.string() })
export type StorageRecovery = z.infer<typeof StorageRecovery>

/**
 * Lines of a history file skipped at start-up: torn by a crash mid-write, damaged (checksum), or
 * from a newer version. `movedTo`: the file they were copied to before the history was rewritten.
 */
export const SkippedLines = z.object({ file: z.string(), lines: z.number().int().positive(), movedTo: z.string().optional() })
export type SkippedLines = z.infer<typeof SkippedLines>

/** A data file whose last write failed (disk full, read-only…): changes to it are not saved until it works again. */
export const FailingStorage = z.object({ file: z.string(), message: z.string(), since: z.iso.datetime() })
export type FailingStorage = z.infer<typeof FailingStorage>

export const EngineStatus = z.object({
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  startedAt: z.iso.datetime(),
  receiverUrl: z.string().nullable(),
  timeScale: z.number(),
  recoveries: z.array(StorageRecovery),
  skippedLines: z.array(SkippedLines),
  /** Data files that cannot be written right now; absent or empty when saving works. */
  failingStorage: z.array(FailingStorage).optional(),
  /**
   * Present while the delivery and capture history saved before this start is still being read
   * (the API answers meanwhile): counts and lists hold what is read so far and what is new.
   */
  historyLoading: z.literal(true).optional(),
  counts: z.object({
    subscriptions: z.number().int(),
    deliveries: z.number().int(),
    pendingDeliveries: z.number().int(),
    captures: z.number().int(),
  }),
})
export type EngineStatus = z.infer<typeof EngineStatus>
