import { afterEach, describe, expect, it } from 'vitest'
import { platformOf } from '../../../src/shared/platforms'
import type { ProviderId } from '../../../src/shared/platforms'
import type { CheckReport } from '../../../src/shared/schemas/check'
import type { SigningScheme } from '../../../src/shared/schemas/signing'
import { resolveTarget } from '../../../src/main/check/check-target'
import { runCheck } from '../../../src/main/check/run-check'
import { sendHttp } from '../../../src/main/delivery/http-sender'
import { type Behaviour, type CheckEndpoint, type EndpointScheme, startCheckEndpoint } from '../../support/check-endpoints'

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

interface Setup {
  label: string
  provider: ProviderId
  scheme: SigningScheme
  endpointScheme: EndpointScheme
  secret: string
  secretHeader?: string
}

const SETUPS: Setup[] = [
  { label: 'standard', provider: 'generic', scheme: 'standard', endpointScheme: 'standard', secret: STANDARD_SECRET },
  { label: 'github', provider: 'generic', scheme: 'github', endpointScheme: 'github', secret: "It's a Secret to Everybody" },
  { label: 'stripe', provider: 'divshot', scheme: 'stripe', endpointScheme: 'stripe', secret: 'whsec_simulator_stripe_style' },
  { label: "Qovery's secret header", provider: 'qovery', scheme: 'native', endpointScheme: 'native', secret: 's3cr3t-key', secretHeader: 'Qovery-Secret' },
  { label: "CharlesCD's application key", provider: 'charlescd', scheme: 'native', endpointScheme: 'native', secret: 's3cr3t-key', secretHeader: 'x-application-key' },
  { label: 'unsigned Ocean CD', provider: 'ocean-cd', scheme: 'none', endpointScheme: 'none', secret: '' },
]

const SIGNATURE_CASES = ['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future']

let endpoint: CheckEndpoint | undefined
afterEach(async () => {
  await endpoint?.close()
  endpoint = undefined
})

async function check(setup: Setup, behaviour: Behaviour): Promise<CheckReport> {
  const knownEvents = setup.provider === 'generic' ? ['deploy.succeeded', 'deploy.started'] : platformOf(setup.provider).events.map((e) => e.name)
  endpoint = await startCheckEndpoint({ behaviour, scheme: setup.endpointScheme, secret: setup.secret, secretHeader: setup.secretHeader, knownEvents })
  const resolved = resolveTarget({ url: endpoint.url, provider: setup.provider, scheme: setup.scheme, secret: setup.scheme === 'none' ? undefined : setup.secret, toleranceSec: 300, seed: 'test' })
  if (!resolved.ok) throw new Error(resolved.message)
  return runCheck(resolved.target, { probe: endpoint.probe }, { send: sendHttp, nowMs: Date.now })
}

const failedCases = (report: CheckReport) => report.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)
const ran = (report: CheckReport) => report.cases.map((c) => c.id)

describe.each(SETUPS)('hookbench check, $label', (setup) => {
  it('passes a correct endpoint on every case', async () => {
    const report = await check(setup, 'correct')
    expect(failedCases(report), JSON.stringify(report.cases.filter((c) => c.verdict === 'fail'), null, 2)).toEqual([])
    expect(report.passed).toBe(true)
    expect(ran(report)).toEqual(expect.arrayContaining(['valid', 'replay', 'out-of-order', 'unknown-event', 'unknown-field', 'retry-plan']))
  })

  it('fails a naive endpoint on exactly the cases that need verification and deduplication', async () => {
    const report = await check(setup, 'naive')
    const expected = [...ran(report).filter((id) => SIGNATURE_CASES.includes(id)), 'replay']
    expect(failedCases(report).sort()).toEqual(expected.sort())
    expect(report.passed).toBe(false)
  })

  it('fails a fragile endpoint on the unknown event only', async () => {
    const report = await check(setup, 'fragile')
    expect(failedCases(report)).toEqual(['unknown-event'])
    expect(report.cases.find((c) => c.id === 'unknown-event')).toMatchObject({ got: '500', fix: expect.stringContaining('answer 2xx') })
  })
})
