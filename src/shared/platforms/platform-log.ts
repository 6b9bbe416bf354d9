import { z } from 'zod'
import { CharlesCdLog } from './charlescd/log'
import { QoveryLog } from './qovery/log'

/** A subscription's deliveries as its platform shows them; `none` for platforms without a log. */
export const PlatformLog = z.discriminatedUnion('platform', [
  QoveryLog,
  CharlesCdLog,
  z.object({ platform: z.literal('none'), reason: z.string() }),
])
export type PlatformLog = z.infer<typeof PlatformLog>
