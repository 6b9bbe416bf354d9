import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../../src/main/core/clock'
import { resolveTarget } from '../../../src/main/check/check-target'
import { runCheck } from '../../../src/main/check/run-check'
import { sendHttp } from '../../../src/main/delivery/http-sender'
import type { SigningScheme } from '../../../src/shared/schemas/signing'
import type { ProviderId } from '../../../src/shared/platforms'
import { receiverHarness } from '../../support/receiver-harness'

/*
 * The built-in receiver as a reference endpoint: with "reject invalid signatures" and
 * "deduplicate by delivery id" it passes every case; as the default inbox (accepts everything)
 * it fails exactly the verification cases.
 */
const SETUPS: { label: string; provider: ProviderId; scheme: SigningScheme; secret: string; secretHeaders?: string[] }[] = [
  { label: 'standard', provider: 'generic', scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  { label: 'github', provider: 'generic', scheme: 'github', secret: 'simulator-secret' },
  { label: 'stripe', provider: 'divshot', scheme: 'stripe', secret: 'whsec_simulator_stripe_style' },
  { label: 'Qovery', provider: 'qovery', scheme: 'native', secret: 's3cr3t-key', secretHeaders: ['Qovery-Secret'] },
]

const receiver = receiverHarness(
  { clock: createSystemClock() },
  SETUPS.map((s, i) => ({ name: `strict-${i}`, dedupe: true, verify: { scheme: s.scheme, secrets: [s.secret], secretHeaders: s.secretHeaders ?? [], rejectInvalid: true, toleranceSec: 300 } })),
)
let base = ''
beforeAll(async () => {
  base = await receiver.listen({ port: 0 })
})
afterAll(() => receiver.close())

async function check(setup: (typeof SETUPS)[number], endpoint: string) {
  const resolved = resolveTarget({ url: new URL(`/r/${endpoint}`, base).href, provider: setup.provider, scheme: setup.scheme, secret: setup.secret, toleranceSec: 300, seed: 'reference' })
  if (!resolved.ok) throw new Error(resolved.message)
  return runCheck(resolved.target, {}, { send: sendHttp, nowMs: Date.now })
}

describe.each(SETUPS.map((s, i) => ({ ...s, index: i })))('the built-in receiver, $label', (setup) => {
  it('passes every case when it rejects invalid signatures and deduplicates', async () => {
    const report = await check(setup, `strict-${setup.index}`)
    expect(report.cases.filter((c) => c.verdict === 'fail')).toEqual([])
    const repeat = receiver.captures.find((c) => c.endpoint === `strict-${setup.index}` && c.scriptNote?.startsWith('already processed'))
    expect(repeat).toMatchObject({ response: { status: 200 } })
  })

  it('fails the verification cases as the default inbox, which accepts everything', async () => {
    const report = await check(setup, 'inbox')
    const failed = report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)
    expect(failed.length).toBeGreaterThan(0)
    expect(failed.every((id) => ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future'].includes(id))).toBe(true)
    expect(failed).toContain('wrong-secret')
  })
})
