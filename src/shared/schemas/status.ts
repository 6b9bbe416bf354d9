import { z } from 'zod'

export const HostKind = z.enum(['electron', 'web', 'cli'])
export type HostKind = z.infer<typeof HostKind>

/** A data file that could not be used at start-up and was moved aside. */
export const StorageRecovery = z.object({ file: z.string(), movedTo: z.string(), reason: z.string() })
export type StorageRecovery = z.infer<typeof StorageRecovery>

/** Lines of a history file skipped at start-up: torn by a crash mid-write, or damaged (checksum). */
export const SkippedLines = z.object({ file: z.string(), lines: z.number().int().positive() })
export type SkippedLines = z.infer<typeof SkippedLines>

export const EngineStatus = z.object({
  version: z.string(),
  host: HostKind,
  dataDir: z.string(),
  startedAt: z.iso.datetime(),
  receiverUrl: z.string().nullable(),
  timeScale: z.number(),
  recoveries: z.array(StorageRecovery),
  skippedLines: z.array(SkippedLines),
  counts: z.object({
    subscriptions: z.number().int(),
    deliveries: z.number().int(),
    pendingDeliveries: z.number().int(),
    captures: z.number().int(),
  }),
})
export type EngineStatus = z.infer<typeof EngineStatus>
