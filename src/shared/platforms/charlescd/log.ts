import { z } from 'zod'
import type { Attempt, Delivery } from '../../schemas/delivery'
import { STATUS_TEXT } from '../../schemas/http'

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

export const CharlesCdLog = z.object({ platform: z.literal('charlescd'), messages: z.array(CharlesCdMessageLog), card: CharlesCdHealthCard })
export type CharlesCdLog = z.infer<typeof CharlesCdLog>

/** moove's message history and the UI's webhook card (spec §3), newest first. */
export function charlesCdLog(_options: unknown, deliveries: Delivery[]): CharlesCdLog {
  const messages = deliveries.map(charlesCdMessage)
  return { platform: 'charlescd', messages, card: charlesCdCard(messages[0]) }
}

/**
 * hermes logs ENQUEUED when the message is queued, then DELIVERED (httpStatus 200 whatever the
 * 2xx) or DELIVERED_FAILED (the status line and real code; a transport error is logged as 404
 * "Invalid url"). A failed message waiting for its retry is ENQUEUED again.
 */
function charlesCdMessage(delivery: Delivery): CharlesCdMessageLog {
  const rows: CharlesCdMessageLog['rows'] = [{ executionLog: 'SUCCESS', status: 'ENQUEUED', httpStatus: 0, loggedAt: delivery.createdAt }]
  for (const attempt of delivery.attempts) {
    const row = deliveryRow(attempt)
    rows.push(row)
    if (attempt.outcome === 'retry') rows.push({ executionLog: 'SUCCESS', status: 'ENQUEUED', httpStatus: 0, loggedAt: row.loggedAt })
  }
  return { executionId: delivery.id, lastStatus: rows.at(-1)!.status, rows: rows.reverse() }
}

function deliveryRow(attempt: Attempt): CharlesCdMessageLog['rows'][number] {
  const loggedAt = new Date(Date.parse(attempt.startedAt) + attempt.durationMs).toISOString()
  if (attempt.outcome === 'delivered') return { executionLog: 'SUCCESS', status: 'DELIVERED', httpStatus: 200, loggedAt }
  if (!attempt.response) return { executionLog: 'Invalid url', status: 'DELIVERED_FAILED', httpStatus: 404, loggedAt }
  const { status } = attempt.response
  return { executionLog: `${status} ${STATUS_TEXT[status] ?? ''}`.trim().slice(0, 100), status: 'DELIVERED_FAILED', httpStatus: status, loggedAt }
}

/** The card from the newest message, including its quirk: during a retry wait it shows 500. */
export function charlesCdCard(newest: CharlesCdMessageLog | undefined): { status?: number; message: string } {
  const row = newest?.rows[0]
  if (!row) return { message: 'Awaiting first delivery' }
  if (row.status === 'DELIVERED') return { status: 200, message: 'Webhook available, last message was successfully sent' }
  if (row.status === 'DELIVERED_FAILED') return { status: row.httpStatus, message: row.executionLog }
  if (row.executionLog) return { status: 500, message: 'Failed to publish message' }
  return { message: 'Awaiting first delivery' }
}
