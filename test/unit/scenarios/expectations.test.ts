import { describe, expect, it } from 'vitest'
import type { Capture } from '../../../src/shared/schemas/receiver'
import type { Delivery } from '../../../src/shared/schemas/delivery'
import { receivedCount } from '../../../src/main/scenarios/expectations'

const capture = (id: string, endpoint: string, deliveryId?: string): Capture => ({
  id,
  endpoint,
  receivedAt: '2025-01-01T00:00:00.000Z',
  method: 'POST',
  path: '',
  query: '',
  headers: [],
  bodyBase64: '',
  size: 0,
  remoteAddress: '127.0.0.1',
  durationMs: 0,
  outcome: 'answered',
  ...(deliveryId && { deliveryId, attempt: 1 }),
})
const delivery = (id: string, event: string) => ({ id, event }) as Delivery

describe('received: what the built-in receiver captured during the run', () => {
  // This run sent msg_a (twice: a duplicate) and msg_b; another run, at the same time, sent msg_x.
  const deliveries = [delivery('msg_a', 'deploy.started'), delivery('msg_b', 'deploy.succeeded')]
  const context = {
    captures: [
      capture('cap_1', 'inbox', 'msg_a'),
      capture('cap_2', 'inbox', 'msg_x'),
      capture('cap_3', 'inbox', 'msg_a'),
      capture('cap_4', 'inbox', 'msg_b'),
      capture('cap_5', 'inbox'),
      capture('cap_6', 'elsewhere', 'msg_b'),
    ],
  }

  const received = (expectation: Parameters<typeof receivedCount>[0]) => receivedCount(expectation, deliveries, context.captures, expectation.received.endpoint ?? 'inbox')

  it('counts the run\'s own deliveries and requests from outside Hookbench, not another run\'s deliveries', () => {
    expect(received({ received: { endpoint: 'inbox', count: 4 } })).toMatchObject({ passed: true })
    expect(received({ received: { endpoint: 'inbox', count: 5 } })).toEqual({
      passed: false,
      message: 'expected 5 request(s) at inbox, the receiver captured 4',
    })
  })

  it('with an event, counts that event of the run only', () => {
    expect(received({ received: { endpoint: 'inbox', event: 'deploy.started', count: 2 } })).toMatchObject({ passed: true })
    expect(received({ received: { event: 'deploy.succeeded', count: 1 } })).toMatchObject({ passed: true })
    expect(received({ received: { endpoint: 'elsewhere', count: 1 } })).toMatchObject({ passed: true })
  })
})
