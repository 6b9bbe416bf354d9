import type { CaptureSummary } from '../../../../shared/schemas/receiver'
import { api } from '../../api/transport'
import { call } from '../engine/call'
import { createListController } from '../lists/list-store'
import { type CaptureFilter, matchesCapture } from './filters'

/** The Receiver's list of captured requests, newest first. */
export const captureList = createListController<CaptureSummary, CaptureFilter>({
  key: (c) => c.id,
  isNewer: (a, b) => a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.id !== b.id),
  // A capture changes once: when its forward finished.
  version: (c) => (c.forward ? '1' : '0'),
  matches: matchesCapture,
  initialFilter: {},
  fetch: (filter, { cursor, limit }) => call(api.listCaptures({ ...filter, limit, ...(cursor !== undefined && { cursor }) })),
})

type Listener = (items: CaptureSummary[]) => void
const listeners = new Set<Listener>()

/** Calls `listener` with every batch of live captures (the detail pane); returns the unsubscribe. */
export function onLiveCaptures(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** One batch of live captures from the engine, oldest first, to the list and the listeners. */
export function applyLiveCaptures(captures: CaptureSummary[]) {
  if (captures.length === 0) return
  captureList.applyLive(captures)
  for (const listener of listeners) listener(captures)
}
