import { z } from 'zod'
import { Controller, SentHeartbeatFailure } from './heartbeat'
import { patchOf } from './patch'
import { Endpoint, defaultEndpoint } from './receiver'
import { Subscription } from './subscription'

export const DOCUMENT_VERSION = 1

/** How much history is kept; pending deliveries are never dropped. Read when the engine starts. */
export const HistoryLimits = z.object({
  deliveries: z.number().int().min(100).max(1_000_000).default(100_000),
  captures: z.number().int().min(100).max(1_000_000).default(100_000),
})
export type HistoryLimits = z.infer<typeof HistoryLimits>

export const Settings = z.object({
  /** Multiplies every simulated wait; 1 = real time. */
  timeScale: z.number().positive().default(1),
  /** The built-in receiver's last base URL: subscriptions pointing at it follow it when the port changes. */
  receiverBase: z.string().optional(),
  history: HistoryLimits.default(HistoryLimits.parse({})),
})
export type Settings = z.infer<typeof Settings>

/** What a user may change in Settings (the receiver base and time scale are set by the host). */
export const UserSettings = Settings.pick({ history: true })
export type UserSettings = z.infer<typeof UserSettings>
export const SettingsPatch = patchOf(UserSettings)
export type SettingsPatch = z.infer<typeof SettingsPatch>

/**
 * The hot document saved in `hookbench.json`: configuration only. Delivery and capture history
 * live in their own journals so this file stays small and cheap to rewrite.
 */
export const HookbenchDocument = z.object({
  version: z.literal(DOCUMENT_VERSION),
  settings: Settings.default(Settings.parse({})),
  subscriptions: z.array(Subscription).default([]),
  /** Simulated Ocean CD controllers, one per cluster. */
  controllers: z.array(Controller).default([]),
  /** Outages whose heartbeat failure was sent and has not ended. */
  heartbeatFailures: z.array(SentHeartbeatFailure).default([]),
  /** Built-in receiver endpoints (`/r/<name>`). */
  endpoints: z.array(Endpoint).default(() => [defaultEndpoint()]),
})
export type HookbenchDocument = z.infer<typeof HookbenchDocument>

export function emptyDocument(): HookbenchDocument {
  return { version: DOCUMENT_VERSION, settings: Settings.parse({}), subscriptions: [], controllers: [], heartbeatFailures: [], endpoints: [defaultEndpoint()] }
}
