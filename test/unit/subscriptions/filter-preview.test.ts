import { describe, expect, it } from 'vitest'
import { encodeHermesWire } from '../../../src/shared/platforms/charlescd/build'
import type { DeliverySummary } from '../../../src/shared/schemas/delivery'
import { payloadOfBody, recentEventDeliveries } from '../../../src/main/subscriptions/filter-preview'

describe('the payload a filter preview looks at', () => {
  it('is the JSON sent, or the text when it is not JSON', () => {
    expect(payloadOfBody('{"a":{"b":1}}')).toEqual({ a: { b: 1 } })
    expect(payloadOfBody('plain text')).toBe('plain text')
  })

  it("is CharlesCD hermes-wire's event object, as the engine filtered it when firing", () => {
    const event = { type: 'FINISH_DEPLOY', status: 'SUCCESS', note: "<a href='x'>&</a>" }
    expect(payloadOfBody(encodeHermesWire(event))).toEqual(event)
  })

  it('leaves a `content` field that is not encoded JSON alone', () => {
    expect(payloadOfBody('{"content":"just words"}')).toEqual({ content: 'just words' })
  })
})

describe('the recent events a preview takes', () => {
  const summary = (id: string, provider: string, eventId: string) => ({ id, provider, eventId }) as DeliverySummary

  it('keeps the newest delivery of each event of the platform, up to the limit', () => {
    const newestFirst = [summary('d5', 'qovery', 'e3'), summary('d4', 'ocean-cd', 'e9'), summary('d3', 'qovery', 'e3'), summary('d2', 'qovery', 'e2'), summary('d1', 'qovery', 'e1')]
    expect(recentEventDeliveries(newestFirst, 'qovery', 10)).toEqual(['d5', 'd2', 'd1'])
    expect(recentEventDeliveries(newestFirst, 'qovery', 2)).toEqual(['d5', 'd2'])
    expect(recentEventDeliveries(newestFirst, 'any', 2)).toEqual(['d5', 'd4'])
  })

  it('stops reading once it has enough', () => {
    let read = 0
    function* many() {
      for (let i = 0; ; i++) {
        read++
        yield summary(`d${i}`, 'qovery', `e${i}`)
      }
    }
    expect(recentEventDeliveries(many(), 'qovery', 200)).toHaveLength(200)
    expect(read).toBe(201)
  })
})
