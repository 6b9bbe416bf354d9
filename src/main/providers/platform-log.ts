import type { CharlesCdMessageLog, PlatformLog, QoveryWebhookEvent } from '../../shared/providers/platform-log'
import type { Attempt, Delivery } from '../../shared/schemas/delivery'
import { STATUS_TEXT } from '../../shared/schemas/http'
import type { Subscription } from '../../shared/schemas/subscription'

/** The delivery history as the platform itself would show it (spec §2, §3). Newest first. */
export function platformLog(subscription: Subscription, deliveries: Delivery[]): PlatformLog {
  if (subscription.provider === 'qovery') {
    const kind = subscription.options.kind === 'SLACK' ? 'SLACK' : 'STANDARD'
    return { platform: 'qovery', results: deliveries.map((d) => qoveryRow(d, kind)) }
  }
  if (subscription.provider === 'charlescd') {
    const messages = deliveries.map(charlesCdMessage)
    return { platform: 'charlescd', messages, card: charlesCdCard(messages[0]) }
  }
  return { platform: 'none', reason: `${subscription.provider} has no delivery log of its own` }
}

function qoveryRow(delivery: Delivery, kind: 'STANDARD' | 'SLACK'): QoveryWebhookEvent {
  const last = delivery.attempts.at(-1)
  return {
    id: delivery.id,
    created_at: delivery.createdAt,
    kind,
    matched_event: delivery.event,
    target_url_used: delivery.url,
    request: parseJson(delivery.body),
    target_response_status_code: last?.response?.status ?? 0,
    target_response_body: last?.response ? last.response.body : null,
  }
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
