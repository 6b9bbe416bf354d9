import { z } from 'zod'
import { Controller } from './heartbeat'
import { Endpoint, defaultEndpoint } from './receiver'
import { Subscription } from './subscription'

export const DOCUMENT_VERSION = 1

export const Settings = z.object({
  /** Multiplies every simulated wait; 1 = real time. */
  timeScale: z.number().positive().default(1),
  /** The built-in receiver's last base URL: subscriptions pointing at it follow it when the port changes. */
  receiverBase: z.string().optional(),
})
export type Settings = z.infer<typeof Settings>

/**
 * The hot document saved in `hookbench.json`: configuration only. Delivery and capture history
 * live in their own journals so this file stays small and cheap to rewrite.
 */
export const HookbenchDocument = z.object({
  version: z.literal(DOCUMENT_VERSION),
  settings: Settings.default({ timeScale: 1 }),
  subscriptions: z.array(Subscription).default([]),
  /** Simulated Ocean CD controllers, one per cluster. */
  controllers: z.array(Controller).default([]),
  /** Built-in receiver endpoints (`/r/<name>`). */
  endpoints: z.array(Endpoint).default(() => [defaultEndpoint()]),
})
export type HookbenchDocument = z.infer<typeof HookbenchDocument>

export function emptyDocument(): HookbenchDocument {
  return { version: DOCUMENT_VERSION, settings: { timeScale: 1 }, subscriptions: [], controllers: [], endpoints: [defaultEndpoint()] }
}
