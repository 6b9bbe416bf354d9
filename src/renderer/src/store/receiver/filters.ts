import type { CaptureQuery } from '../../../../shared/schemas/history-query'
import type { CaptureSummary } from '../../../../shared/schemas/receiver'
import { captureFilter } from '../../../../shared/history-filter'

/** What the Receiver's filter bar sends with `listCaptures`. */
export type CaptureFilter = Omit<CaptureQuery, 'limit' | 'cursor'>

/** Whether a live capture belongs in a list filtered this way: the engine's own test. */
export const matchesCapture = (filter: CaptureFilter, c: CaptureSummary): boolean => captureFilter(filter)?.(c) ?? true
