import { Capture, CaptureSummary, summarizeCapture } from '../../shared/schemas/receiver'
import { type History, type HistoryCodec, type OpenHistoryOptions, openHistory } from './history'
import type { BodyStore } from './body-store'
import { migrateJournal } from './migrate-journal'

type CaptureFixed = Pick<Capture, 'headers' | 'bodyBase64'>

/** A capture's summary stays in memory; its headers and body are written once. */
export const captureCodec: HistoryCodec<Capture, CaptureSummary, CaptureFixed, never> = {
  summaryFields: CaptureSummary.keyof().options,
  sharedFields: ['endpoint', 'method', 'path', 'remoteAddress', 'outcome', 'contentType', 'scriptNote'],
  idOf: (capture) => capture.id,
  summarize: summarizeCapture,
  split: ({ headers, bodyBase64 }) => ({ fixed: { headers, bodyBase64 }, appended: [] }),
  join: ({ contentType: _type, ...summary }, fixed) => ({ ...summary, ...fixed }),
}

export type CaptureHistory = History<Capture, CaptureSummary>

/**
 * Captures (`captures.index`, carrying over a `captures.jsonl` from an older version); a large
 * body kept in its own file goes when its capture does.
 */
export async function openCaptureHistory(file: string | undefined, maxRecords: number, bodies: BodyStore, options: OpenHistoryOptions = {}): Promise<CaptureHistory> {
  const history = await openHistory({ ...captureCodec, file, maxRecords, onEvict: (c) => c.bodyFile && bodies.remove(c.bodyFile), ...options })
  await migrateJournal(file, Capture, history, (a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))
  return history
}
