import { describe, expect, it } from 'vitest'
import type { Attempt, Delivery } from '../../../src/shared/schemas/delivery'
import { Subscription } from '../../../src/shared/schemas/subscription'
import { platformOf } from '../../../src/shared/platforms'

const T0 = '2025-01-01T00:00:00.000Z'
const subscription = (provider: 'qovery' | 'charlescd', options = {}) =>
  Subscription.parse({ id: 'sub_1', name: 's', url: 'http://x/', provider, options, signing: { scheme: 'none' }, createdAt: T0, updatedAt: T0 })
const platformLog = (s: Subscription, deliveries: Delivery[]) => platformOf(s.provider === 'any' ? 'generic' : s.provider).log!(s.options, deliveries)

const attempt = (n: number, outcome: Attempt['outcome'], status?: number): Attempt => ({
  n,
  series: 0,
  startedAt: new Date(Date.parse(T0) + n * 30_000).toISOString(),
  durationMs: 12,
  url: 'http://x/',
  headers: [],
  outcome,
  ...(status === undefined ? { error: { class: 'connection_refused', message: 'refused' } } : { response: { status, headers: [], body: 'nope', bodyBytes: 4, truncated: false } }),
})

const delivery = (attempts: Attempt[], status: Delivery['status']) =>
  ({ id: 'msg_1', event: 'FINISH_DEPLOY', url: 'http://x/', body: '{"a":1}', createdAt: T0, attempts, status }) as Delivery

describe('platform logs', () => {
  it('Qovery: one WebhookEventResponse row per delivery', () => {
    const log = platformLog(subscription('qovery', { kind: 'SLACK' }), [delivery([attempt(1, 'failed', 500)], 'failed')])
    expect(log).toEqual({
      platform: 'qovery',
      results: [
        {
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) as unknown,
          created_at: T0,
          kind: 'SLACK',
          matched_event: 'FINISH_DEPLOY',
          target_url_used: 'http://x/',
          request: { a: 1 },
          target_response_status_code: 500,
          target_response_body: 'nope',
        },
      ],
    })
  })

  it('CharlesCD: during a retry wait the message is ENQUEUED again and the card shows 500', () => {
    const log = platformLog(subscription('charlescd'), [delivery([attempt(1, 'retry', 503)], 'retrying')])
    if (log.platform !== 'charlescd') throw new Error('wrong platform')
    expect(log.messages[0]!.rows.map((r) => [r.status, r.httpStatus, r.executionLog])).toEqual([
      ['ENQUEUED', 0, 'SUCCESS'],
      ['DELIVERED_FAILED', 503, '503 Service Unavailable'],
      ['ENQUEUED', 0, 'SUCCESS'],
    ])
    expect(log.card).toEqual({ status: 500, message: 'Failed to publish message' })
  })

  it('CharlesCD: delivered is logged as 200; a transport error as 404 "Invalid url"', () => {
    const delivered = platformLog(subscription('charlescd'), [delivery([attempt(1, 'delivered', 202)], 'delivered')])
    expect(delivered).toMatchObject({ card: { status: 200, message: 'Webhook available, last message was successfully sent' } })
    const broken = platformLog(subscription('charlescd'), [delivery([attempt(1, 'failed')], 'failed')])
    expect(broken).toMatchObject({ messages: [{ lastStatus: 'DELIVERED_FAILED' }], card: { status: 404, message: 'Invalid url' } })
    expect(platformLog(subscription('charlescd'), [])).toMatchObject({ card: { message: 'Awaiting first delivery' } })
  })
})
