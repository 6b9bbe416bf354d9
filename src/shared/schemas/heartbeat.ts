import { z } from 'zod'
import { patchOf } from './patch'
import { checkDelay } from './delay'

/** Ocean CD cluster ids: user-chosen, up to 30 alphanumeric characters (we also allow `-`). */
export const ClusterId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,30}$/, 'must be 1–30 letters, digits or dashes, no spaces')
export type ClusterId = z.infer<typeof ClusterId>

/** Spec §1 default: fire after 5 minutes without a heartbeat. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 5 * 60_000

/** A simulated Ocean CD controller: it sends heartbeats while `running`. */
export const Controller = z.object({
  clusterId: ClusterId,
  controllerVersion: z.string().min(1).default('1.0.37'),
  nodeName: z.string().min(1).default('ip-10-0-1-23.ec2.internal'),
  podName: z.string().min(1).default('spot-oceancd-controller-7d9f8b6c5-x2k4q'),
  intervalMs: z.number().int().min(10).default(30_000),
  /** Silence longer than this fires `controller-heartbeat-failure`. */
  timeoutMs: z.number().int().min(10).default(DEFAULT_HEARTBEAT_TIMEOUT_MS),
  running: z.boolean().default(true),
})
export type Controller = z.infer<typeof Controller>

/** A controller as a user saves it: its interval and timeout at most MAX_DELAY_MS (stored ones load as they are). */
export const ControllerInput = Controller.superRefine((controller, ctx) => {
  checkDelay(ctx, controller.intervalMs, ['intervalMs'])
  checkDelay(ctx, controller.timeoutMs, ['timeoutMs'])
})

/** A change to one simulated controller (start/stop with `running`); what it does not name stays. */
export const ControllerPatch = z.object({ clusterId: ClusterId, changes: patchOf(Controller.omit({ clusterId: true })) })
export type ControllerPatch = z.infer<typeof ControllerPatch>

/**
 * An outage whose `controller-heartbeat-failure` was sent and that has not ended (no heartbeat
 * since): kept in the hot document, so a restart does not send the failure again.
 */
export const SentHeartbeatFailure = z.object({ clusterId: z.string(), failedAt: z.iso.datetime(), outages: z.number().int().nonnegative() })
export type SentHeartbeatFailure = z.infer<typeof SentHeartbeatFailure>

export const ClusterHealth = z.enum(['waiting', 'healthy', 'failed'])
export type ClusterHealth = z.infer<typeof ClusterHealth>

/** What the watchdog knows about one cluster. */
export const ClusterHeartbeat = z.object({
  clusterId: z.string(),
  health: ClusterHealth,
  lastBeatAt: z.iso.datetime().optional(),
  /** Where the last heartbeat came from: the simulator or `POST /heartbeat/<clusterId>`. */
  lastSource: z.enum(['simulator', 'http']).optional(),
  failedAt: z.iso.datetime().optional(),
  outages: z.number().int().nonnegative(),
  timeoutMs: z.number().int().positive(),
})
export type ClusterHeartbeat = z.infer<typeof ClusterHeartbeat>
