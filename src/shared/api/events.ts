import { z } from 'zod'
import { RunSummary } from '../schemas/run'
import { AttemptSummary, DeliverySummary } from '../schemas/delivery'
import { ClusterHeartbeat } from '../schemas/heartbeat'
import { CaptureSummary } from '../schemas/receiver'
import { EngineStatus } from '../schemas/status'
import { CheckCaseResult, CheckReport } from '../schemas/check'

/**
 * The one typed stream of engine events. Transports deliver them in batches (arrays) so a
 * burst of thousands of deliveries doesn't flood the UI with one message each.
 */
export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: EngineStatus }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
  /** A delivery was queued, attempted, scheduled for retry, or finished; `attempt` is the attempt this change recorded. */
  z.object({ type: z.literal('delivery'), delivery: DeliverySummary, attempt: AttemptSummary.optional() }),
  /** The built-in receiver captured a request (again when its forward finished). */
  z.object({ type: z.literal('capture'), capture: CaptureSummary }),
  /** A cluster's heartbeat health changed (or a heartbeat arrived). */
  z.object({ type: z.literal('heartbeat'), cluster: ClusterHeartbeat }),
  /** Long work (bulk redelivery, later scenario runs) reports how far it got; done = total ends it. */
  z.object({ type: z.literal('progress'), task: z.string(), label: z.string(), done: z.number().int(), total: z.number().int() }),
  /** A scenario run started, finished a step or ended. */
  z.object({ type: z.literal('run'), run: RunSummary }),
  /**
   * Configuration changed (subscriptions, controllers…): clients re-read what they show. `history`:
   * the history saved before this start is read in full (lists that said `loading` are complete now).
   */
  z.object({ type: z.literal('config'), what: z.enum(['subscriptions', 'controllers', 'endpoints', 'settings', 'history', 'scenarios']) }),
  /**
   * An endpoint check moved on: exactly one of `case` (a case finished), `report` (the check
   * finished), `error` (it stopped before its end) or `cancelled` (stopped on request). Plain
   * secrets appear as fingerprints.
   */
  z.object({
    type: z.literal('check'),
    id: z.string(),
    case: CheckCaseResult.optional(),
    report: CheckReport.optional(),
    error: z.string().optional(),
    cancelled: z.literal(true).optional(),
  }),
])
export type EngineEvent = z.infer<typeof EngineEvent>

export const EngineEventBatch = z.array(EngineEvent)
export type EngineEventBatch = z.infer<typeof EngineEventBatch>
