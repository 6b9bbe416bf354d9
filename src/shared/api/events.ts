import { z } from 'zod'
import { EngineStatus } from '../schemas/status'

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
])
export type EngineEvent = z.infer<typeof EngineEvent>

export const EngineEventBatch = z.array(EngineEvent)
export type EngineEventBatch = z.infer<typeof EngineEventBatch>
