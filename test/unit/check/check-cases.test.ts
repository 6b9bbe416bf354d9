import { describe, expect, it } from 'vitest'
import { tamper, withUnknownEvent } from '../../../src/main/check/check-cases'
import { resolveTarget } from '../../../src/main/check/check-target'
import { readProbe } from '../../../src/main/check/probe'
import { describeSchedule } from '../../../src/main/check/retry-plan'

const target = (provider: 'divshot' | 'qovery' | 'charlescd' | 'generic') => {
  const resolved = resolveTarget({ url: 'http://127.0.0.1:1/hooks', provider, toleranceSec: 300, seed: 1 })
  if (!resolved.ok) throw new Error(resolved.message)
  return resolved.target
}

describe('the check cases', () => {
  it('tampers with one character of the first string value, keeping the JSON valid and the length', () => {
    const body = '{"event":"release","n":1}'
    const altered = tamper(body)
    expect(altered).not.toBe(body)
    expect(altered).toHaveLength(body.length)
    expect(JSON.parse(altered)).toEqual({ event: 'Xelease', n: 1 })
  })

  it('replaces the event name wherever the payload carries it, or says it cannot', () => {
    expect(withUnknownEvent({ type: 'deploy.succeeded', data: { events: ['deploy.succeeded'] } }, 'deploy.succeeded')).toEqual({
      type: 'hookbench.unknown_event',
      data: { events: ['hookbench.unknown_event'] },
    })
    expect(withUnknownEvent({ type: 'other' }, 'deploy.succeeded')).toBeUndefined()
  })

  it("describes each platform's retry plan from its catalog preset", () => {
    expect(describeSchedule(target('qovery'))).toBe('Qovery makes one attempt and never retries: a delivery your endpoint fails is lost')
    expect(describeSchedule(target('divshot'))).toBe('Divshot retries after 30 s, 1 min, 2 min, 4 min, 8 min and gives up after 6 attempts (15.5 min after the first)')
    expect(describeSchedule(target('generic'))).toMatch(/^the sender retries after 5 s, 5 min, .* and gives up after 8 attempts \(27 h 35 min after the first\)$/)
  })
})

describe('the replay probe', () => {
  const answering = (status: number, text: string) => (async () => new Response(text, { status })) as typeof fetch
  it.each([
    ['7', undefined, 7],
    ['{"count":3}', undefined, 3],
    ['{"stats":{"processed":9}}', 'stats.processed', 9],
  ])('reads %s (field %s) as %d', async (text, field, count) => {
    expect(await readProbe('http://probe', field, answering(200, text))).toEqual({ ok: true, count })
  })

  it('says why a probe cannot be read', async () => {
    expect(await readProbe('http://probe', undefined, answering(503, ''))).toEqual({ ok: false, message: 'http://probe answered 503' })
    expect(await readProbe('http://probe', undefined, answering(200, '{"n":1}'))).toMatchObject({ ok: false, message: expect.stringContaining('did not answer a number') })
  })
})
