import { z } from 'zod'

/** Qovery's `GET …/webhook/{id}/event` row (spec §2): one per delivery. */
export const QoveryWebhookEvent = z.object({
  id: z.string(),
  created_at: z.string(),
  kind: z.enum(['STANDARD', 'SLACK']),
  matched_event: z.string(),
  target_url_used: z.string(),
  request: z.unknown(),
  target_response_status_code: z.number().int(),
  target_response_body: z.string().nullable(),
})
export type QoveryWebhookEvent = z.infer<typeof QoveryWebhookEvent>

export const CharlesCdLogStatus = z.enum(['ENQUEUED', 'NOT_ENQUEUED', 'DELIVERED', 'DELIVERED_FAILED'])

/** A hermes message's log rows (spec §3), as moove's history shows them. */
export const CharlesCdMessageLog = z.object({
  executionId: z.string(),
  lastStatus: CharlesCdLogStatus,
  rows: z.array(z.object({ executionLog: z.string().max(100), status: CharlesCdLogStatus, httpStatus: z.number().int(), loggedAt: z.string() })),
})
export type CharlesCdMessageLog = z.infer<typeof CharlesCdMessageLog>

/** The CharlesCD UI's webhook card, from the newest message. */
export const CharlesCdHealthCard = z.object({ status: z.number().int().optional(), message: z.string() })

export const PlatformLog = z.discriminatedUnion('platform', [
  z.object({ platform: z.literal('qovery'), results: z.array(QoveryWebhookEvent) }),
  z.object({ platform: z.literal('charlescd'), messages: z.array(CharlesCdMessageLog), card: CharlesCdHealthCard }),
  z.object({ platform: z.literal('none'), reason: z.string() }),
])
export type PlatformLog = z.infer<typeof PlatformLog>
