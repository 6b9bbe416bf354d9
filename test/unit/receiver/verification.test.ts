import { sign as githubSign } from '@octokit/webhooks-methods'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { type Capture, Endpoint } from '../../../src/shared/schemas/receiver'
import { createReceiverApp, type DeliveryLink } from '../../../src/main/receiver/receiver-app'
import { createFakeClock } from '../../support/fake-clock'

// Requests are signed by the reference libraries, not by our own signer, so a shared mistake cannot pass.
const T = 1735689600
const BODY = '{"event":"release","data":{"version":12}}'

function setup(verify: unknown, link?: DeliveryLink) {
  const clock = createFakeClock(T * 1000)
  const endpoint = Endpoint.parse({ name: 'signed', verify })
  const captures: Capture[] = []
  const app = createReceiverApp({
    clock,
    endpoint: (name) => (name === 'signed' ? endpoint : undefined),
    onCapture: (capture) => captures.push(capture),
    findDelivery: () => link,
  })
  const send = async (headers: Record<string, string>, body = BODY) => {
    await app.inject({ method: 'POST', url: '/r/signed', payload: body, headers: { 'content-type': 'application/json', ...headers } })
    return captures.at(-1)!.verdict!
  }
  return { send, clock }
}

describe('standard webhooks', () => {
  const current = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
  const previous = 'whsec_//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA='
  const headers = (secret: string, timestampSec = T, body = BODY) => ({
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': new Webhook(secret).sign('msg_1', new Date(timestampSec * 1000), body),
  })

  it('accepts the current and, during rotation, the previous secret', async () => {
    const { send } = setup({ scheme: 'standard', secrets: [current, previous] })
    expect(await send(headers(current))).toMatchObject({ valid: true, reason: 'valid', matchedSecret: 0 })
    expect(await send(headers(previous))).toMatchObject({ valid: true, matchedSecret: 1 })
  })

  it('rejects a timestamp outside the tolerance, in either direction', async () => {
    const { send } = setup({ scheme: 'standard', secrets: [current], toleranceSec: 60 })
    expect(await send(headers(current, T - 61))).toMatchObject({ valid: false, reason: 'timestamp_out_of_tolerance' })
    expect(await send(headers(current, T + 61))).toMatchObject({ valid: false, reason: 'timestamp_out_of_tolerance' })
    expect(await send(headers(current, T - 59))).toMatchObject({ valid: true })
  })

  it('uses the bytes the delivery sent to tell an altered body from a wrong secret', async () => {
    const altered = setup({ scheme: 'standard', secrets: [current] }, { deliveryId: 'dlv_1', attempt: 1, sentBody: Buffer.from(BODY) })
    expect(await altered.send(headers(current), `${BODY} `)).toMatchObject({ valid: false, reason: 'body_altered' })
    const wrongSecret = setup({ scheme: 'standard', secrets: [previous] }, { deliveryId: 'dlv_1', attempt: 1, sentBody: Buffer.from(BODY) })
    expect(await wrongSecret.send(headers(current))).toMatchObject({ valid: false, reason: 'wrong_secret' })
  })
})

describe('other schemes', () => {
  it('github: X-Hub-Signature-256 over the raw body', async () => {
    const { send } = setup({ scheme: 'github', secrets: ['simulator-secret'] })
    expect(await send({ 'X-Hub-Signature-256': await githubSign('simulator-secret', BODY) })).toMatchObject({ valid: true })
    expect(await send({ 'X-Hub-Signature-256': await githubSign('other', BODY) })).toMatchObject({ valid: false, reason: 'signature_mismatch' })
    expect(await send({})).toMatchObject({ valid: false, reason: 'header_missing' })
  })

  it('stripe: t=…,v1=… with the whole secret as key, old signatures rejected', async () => {
    const secret = 'whsec_simulator_stripe_style'
    const { send } = setup({ scheme: 'stripe', secrets: [secret] })
    const header = (timestamp: number) => Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret, timestamp })
    expect(await send({ 'Stripe-Signature': header(T) })).toMatchObject({ valid: true })
    expect(await send({ 'Stripe-Signature': header(T - 301) })).toMatchObject({ valid: false, reason: 'timestamp_out_of_tolerance' })
    expect(await send({ 'Stripe-Signature': 'garbage' })).toMatchObject({ valid: false, reason: 'malformed_header' })
  })

  it('hmac-sha256: hex HMAC in a configurable header', async () => {
    const { createHmac } = await import('node:crypto')
    const hex = createHmac('sha256', 'k').update(BODY).digest('hex')
    const { send } = setup({ scheme: 'hmac-sha256', secrets: ['k'], hmacHeader: 'X-Deploy-Signature' })
    expect(await send({ 'X-Deploy-Signature': hex })).toMatchObject({ valid: true })
    expect(await send({ 'X-Signature-256': hex })).toMatchObject({ valid: false, reason: 'header_missing' })
  })

  it('native: the plain secret header, reported by fingerprint only', async () => {
    const { send } = setup({ scheme: 'native', secrets: ['s3cr3t-key'], secretHeaders: ['Qovery-Secret', 'x-application-key'] })
    expect(await send({ 'x-application-key': 's3cr3t-key' })).toMatchObject({ valid: true, fingerprint: '99ab9660c4e55f77' })
    const wrong = await send({ 'Qovery-Secret': 's3cr3t-kez' })
    expect(wrong).toMatchObject({ valid: false, reason: 'wrong_secret' })
    expect(JSON.stringify(wrong)).not.toContain('s3cr3t-kez')
  })

  it('none: every request is accepted unchecked', async () => {
    const { send } = setup({ scheme: 'none', secrets: ['unused'] })
    expect(await send({})).toMatchObject({ valid: true, reason: 'not_checked' })
  })
})
