import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../../src/main/core/clock'
import { Endpoint } from '../../../src/shared/schemas/receiver'
import { receiverHarness } from '../../support/receiver-harness'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const strict = Endpoint.parse({ name: 'strict', response: { failFirst: 1, failStatus: 503 }, verify: { scheme: 'standard', secrets: [SECRET], rejectInvalid: true } })
const receiver = receiverHarness({ clock: createSystemClock() }, [strict])
let base = ''
beforeAll(async () => {
  base = await receiver.listen({ port: 0 })
})
afterAll(() => receiver.close())

const body = JSON.stringify({ type: 'release', data: { version: 1 } })
const send = (headers: Record<string, string>) =>
  fetch(new URL('/r/strict', base), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('an endpoint that rejects invalid signatures', () => {
  it('answers 401 with the reason to a bad signature, without using up its script', async () => {
    const refused = await send({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ error: 'invalid signature' })
    expect(receiver.captures[0]).toMatchObject({ outcome: 'rejected', response: { status: 401 }, verdict: { valid: false } })
    expect(receiver.captures[0]!.scriptNote).toMatch(/^rejected: the signature does not verify/)

    // Signed properly: the script answers, starting from its first request (fail-first 1 → 503).
    const at = new Date()
    const signed = new Webhook(SECRET).sign('msg_2', at, body)
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signed }
    expect((await send(headers)).status).toBe(503)
    expect((await send({ ...headers })).status).toBe(200)
    expect(receiver.captures[0]).toMatchObject({ outcome: 'answered', verdict: { valid: true } })
  })
})

describe('an endpoint that deduplicates by delivery id', () => {
  const idempotent = receiverHarness({ clock: createSystemClock() }, [Endpoint.parse({ name: 'once', dedupe: true, response: { failFirst: 1, failStatus: 503 } })])
  let url = ''
  beforeAll(async () => {
    url = new URL('/r/once', await idempotent.listen({ port: 0 })).href
  })
  afterAll(() => idempotent.close())
  const post = (id: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': id }, body })

  it('runs its script until a delivery is taken, then answers its repeats 200 without the script', async () => {
    expect((await post('msg_a')).status).toBe(503)
    expect((await post('msg_a')).status).toBe(200)
    const repeat = await post('msg_a')
    expect(repeat.status).toBe(200)
    expect(await repeat.json()).toEqual({ duplicate: true })
    expect(idempotent.captures[0]!.scriptNote).toBe('already processed (same webhook-id): answered 200, script skipped')
    expect((await post('msg_b')).status).toBe(200)
    expect(idempotent.captures[0]!.scriptNote ?? '').not.toMatch(/already processed/)
  })
})
