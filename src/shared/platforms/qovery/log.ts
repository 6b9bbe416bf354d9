import { z } from 'zod'
import { uuidFrom } from '../../core/seeded-random'
import type { Delivery } from '../../schemas/delivery'
import type { QoveryOptions } from './payload'

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

export const QoveryLog = z.object({ platform: z.literal('qovery'), results: z.array(QoveryWebhookEvent) })
export type QoveryLog = z.infer<typeof QoveryLog>

/** Qovery's `GET …/webhook/{id}/event` (spec §2): one row per delivery, newest first. */
export function qoveryLog(options: QoveryOptions, deliveries: Delivery[]): QoveryLog {
  return { platform: 'qovery', results: deliveries.map((d) => qoveryRow(d, options.kind)) }
}

function qoveryRow(delivery: Delivery, kind: 'STANDARD' | 'SLACK'): QoveryWebhookEvent {
  const last = delivery.attempts.at(-1)
  return {
    id: uuidFrom(delivery.id),
    created_at: delivery.createdAt,
    kind,
    matched_event: delivery.event,
    target_url_used: delivery.url,
    request: parseJson(delivery.body),
    target_response_status_code: last?.response?.status ?? 0,
    target_response_body: last?.response ? last.response.body : null,
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
