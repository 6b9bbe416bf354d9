import { createStore } from 'zustand/vanilla'
import { EngineStatus } from '../../../src/shared/schemas/status'
import { Subscription, type SubscriptionProvider } from '../../../src/shared/schemas/subscription'
import { type HookbenchState, hookbenchSlices } from '../../../src/renderer/src/store/app-store'
import type { UiPage } from '../../../src/renderer/src/store/ui/slice'

/** A page in memory: what the UI slice saved and the hash it set. */
export function fakePage(start: { theme?: string; hash?: string } = {}) {
  const page = { theme: start.theme, hash: start.hash, hashWrites: 0 }
  const ui: UiPage = {
    savedTheme: () => page.theme,
    saveTheme: (theme) => {
      page.theme = theme
    },
    hash: () => page.hash,
    setHash: (hash) => {
      page.hash = hash
      page.hashWrites++
    },
  }
  return { page, ui }
}

/** A fresh store of all the slices, as the app makes it, over a page in memory. */
export function freshStore(start?: { theme?: string; hash?: string }) {
  const { page, ui } = fakePage(start)
  return { store: createStore<HookbenchState>()(hookbenchSlices(ui)), page }
}

export const status = (changes: Partial<EngineStatus> = {}): EngineStatus =>
  EngineStatus.parse({
    version: '1.2.3',
    host: 'web',
    dataDir: '/tmp/hookbench',
    startedAt: '2026-01-01T00:00:00.000Z',
    receiverUrl: 'http://127.0.0.1:4010',
    timeScale: 1,
    recoveries: [],
    skippedLines: [],
    counts: { subscriptions: 2, deliveries: 10, pendingDeliveries: 0, captures: 3 },
    ...changes,
  })

export const subscription = (id: string, provider: SubscriptionProvider, changes: { enabled?: boolean; paused?: boolean } = {}): Subscription =>
  Subscription.parse({
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    name: `${provider} ${id}`,
    url: 'http://127.0.0.1:9/hook',
    provider,
    options: {},
    ...changes,
  })
