import { describe, expect, it } from 'vitest'
import type { CheckCaseResult, CheckRun } from '../../../src/shared/schemas/check'
import type { Subscription } from '../../../src/shared/schemas/subscription'
import { type CheckEvent, checksAfterEvents, checksWithLoaded, endsOrStartsCheck, withCheckEvent } from '../../../src/renderer/src/store/checks/state'
import { type CheckForm, INITIAL_FORM, type PlatformInfo, checkStartOf, effectiveScheme, errorsOfIssues, eventChoices, forSubscription, placeErrors, schemeChoices, visibleFields, withPlatform } from '../../../src/renderer/src/store/checks/form'
import { answerLine, caseRows, exchangeTitle, fixParts, moveRow, outcomeWord, summaryOf } from '../../../src/renderer/src/views/check/check-results'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const PLATFORMS: PlatformInfo[] = [
  { id: 'qovery', title: 'Qovery', events: [{ name: 'DEPLOYMENT_STARTED' }, { name: 'DEPLOYMENT_SUCCESSFUL' }], defaultScheme: 'native' },
  { id: 'divshot', title: 'Divshot', events: [{ name: 'release' }], defaultScheme: 'standard' },
  { id: 'generic', title: 'Generic', events: [], defaultScheme: 'standard' },
]
const form = (changes: Partial<CheckForm>): CheckForm => ({ ...INITIAL_FORM, url: 'http://127.0.0.1:3000/hooks', ...changes })

function subscription(changes: Partial<Subscription> & Pick<Subscription, 'provider'>): Subscription {
  const base = { id: 'sub_1', name: 'Shop', url: 'http://127.0.0.1:3000/hooks', events: [], enabled: true, paused: false, signing: { scheme: 'none' }, headers: [], filters: { events: [], environmentTypes: [], projectNames: [], where: [] }, concurrency: 4, ordered: false, options: {}, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' }
  return { ...base, ...changes } as Subscription
}

describe('the check form', () => {
  it('turns a typed URL into startCheck options: tolerance in seconds, empty fields left out', () => {
    const result = checkStartOf(form({ provider: 'generic', secret: SECRET, tolerance: '2m', event: '  ', probe: '' }), [], PLATFORMS)
    expect(result).toEqual({ ok: true, input: { url: 'http://127.0.0.1:3000/hooks', provider: 'generic', secret: SECRET, toleranceSec: 120 } })
  })

  it('says what is wrong with each field in its own words, never a command-line flag', () => {
    const result = checkStartOf(form({ url: 'localhost:3000', provider: 'divshot', scheme: 'standard', secret: '', tolerance: 'soon', probe: 'ftp://x' }), [], PLATFORMS)
    expect(result).toEqual({
      ok: false,
      errors: {
        url: "Enter the endpoint's URL, starting with http:// or https://.",
        secret: 'Enter the secret your endpoint verifies with, or choose "None (unsigned)" as the scheme.',
        tolerance: 'Enter a duration like 30s, 5m or 1h (1 second to 24 hours).',
        probe: "Enter the probe's URL, starting with http:// or https://, or leave it empty.",
      },
    })
    expect(JSON.stringify(result)).not.toMatch(/--|toleranceSec/)
  })

  it("checks the secret against the scheme the check will use, the platform's own by default", () => {
    expect(checkStartOf(form({ provider: 'divshot', secret: 'not base64!' }), [], PLATFORMS)).toMatchObject({ ok: false, errors: { secret: expect.stringMatching(/^This secret cannot be used: a standard secret is "whsec_"/) } })
    // Qovery's default is its plain secret header: any non-empty header value goes.
    expect(checkStartOf(form({ provider: 'qovery', secret: 's3cr3t' }), [], PLATFORMS)).toMatchObject({ ok: true })
    expect(checkStartOf(form({ provider: 'divshot', scheme: 'native', secret: 'x' }), [], PLATFORMS)).toMatchObject({ ok: false, errors: { scheme: 'Divshot sends no secret header of its own: choose another scheme.' } })
    // Unsigned: the secret is not sent at all.
    expect(checkStartOf(form({ provider: 'divshot', scheme: 'none', secret: 'typed anyway' }), [], PLATFORMS)).toMatchObject({ ok: true, input: { scheme: 'none' } })
    expect(checkStartOf(form({ provider: 'divshot', scheme: 'none', secret: 'typed anyway' }), [], PLATFORMS)).not.toMatchObject({ input: { secret: expect.anything() } })
  })

  it('starts from a subscription with its id only, plus a platform for one that takes every platform', () => {
    const signed = subscription({ provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
    expect(checkStartOf(form({ target: 'subscription', subscriptionId: 'sub_1', url: 'ignored', event: 'release' }), [signed], PLATFORMS)).toEqual({
      ok: true,
      input: { subscriptionId: 'sub_1', event: 'release', toleranceSec: 300 },
    })
    const any = subscription({ provider: 'any' })
    expect(checkStartOf(form({ target: 'subscription', subscriptionId: 'sub_1', provider: '' }), [any], PLATFORMS)).toMatchObject({ ok: false, errors: { provider: expect.stringContaining('choose the one to check it as') } })
    expect(checkStartOf(form({ target: 'subscription', subscriptionId: 'sub_1', provider: 'qovery' }), [any], PLATFORMS)).toMatchObject({ ok: true, input: { provider: 'qovery' } })
  })

  it('refuses a missing subscription, and one whose scheme has no secret', () => {
    expect(checkStartOf(form({ target: 'subscription' }), [], PLATFORMS)).toMatchObject({ ok: false, errors: { subscriptionId: 'Choose the subscription to check.' } })
    expect(checkStartOf(form({ target: 'subscription', subscriptionId: 'sub_gone' }), [], PLATFORMS)).toMatchObject({ ok: false, errors: { subscriptionId: expect.stringContaining('no longer exists') } })
    const unsigned = subscription({ provider: 'divshot', signing: { scheme: 'github' } })
    expect(checkStartOf(form({ target: 'subscription', subscriptionId: 'sub_1' }), [unsigned], PLATFORMS)).toMatchObject({ ok: false, errors: { subscriptionId: expect.stringContaining('has no secret') } })
  })

  it("shows the engine's problems on their fields as sentences; others on the form", () => {
    expect(errorsOfIssues([{ path: 'event', message: 'Qovery has no event "X"' }, { path: 'probeField', message: 'bad path' }, { path: 'toleranceSec', message: 'too big.' }])).toEqual({
      event: 'Qovery has no event "X".',
      form: 'Bad path.',
      tolerance: 'Too big.',
    })
  })

  it("puts an error on a field the form does not show (a subscription's secret) on the form's own line", () => {
    const signed = subscription({ provider: 'divshot', signing: { scheme: 'standard', secret: SECRET } })
    const visible = visibleFields(form({ target: 'subscription', subscriptionId: 'sub_1' }), signed)
    expect(visible).not.toContain('secret')
    expect(placeErrors({ secret: 'The secret cannot be used: x.', event: 'Divshot has no event "y".' }, visible)).toEqual({ form: 'The secret cannot be used: x.', event: 'Divshot has no event "y".' })
    expect(placeErrors({ form: 'One.', subscriptionId: 'Two.' }, visibleFields(form({}), undefined))).toEqual({ form: 'One. Two.' })
    expect(visibleFields(form({ target: 'subscription' }), subscription({ provider: 'any' }))).toContain('provider')
  })

  it('offers the secret-header scheme only for platforms that have one, and keeps what another platform does not change', () => {
    expect(schemeChoices(PLATFORMS[0]).map((c) => c.value)).toContain('native')
    expect(schemeChoices(PLATFORMS[1]).map((c) => c.value)).not.toContain('native')
    expect(effectiveScheme({ scheme: '', secret: '' }, PLATFORMS[0])).toBe('none')
    expect(effectiveScheme({ scheme: '', secret: 'x' }, PLATFORMS[0])).toBe('native')
    const before = form({ provider: 'qovery', scheme: 'native', event: 'DEPLOYMENT_STARTED', secret: 'kept', probe: 'http://p/', tolerance: '1m' })
    expect(withPlatform(before, 'divshot')).toEqual({ ...before, provider: 'divshot', scheme: '', event: '' })
    expect(withPlatform(form({ scheme: 'github' }), 'divshot').scheme).toBe('github')
  })

  it("defaults the event to the subscription's first listed one, else the platform's first", () => {
    expect(eventChoices(PLATFORMS[0])).toEqual({ names: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL'], defaultName: 'DEPLOYMENT_STARTED' })
    expect(eventChoices(PLATFORMS[0], subscription({ provider: 'qovery', events: ['DEPLOYMENT_SUCCESSFUL'] })).defaultName).toBe('DEPLOYMENT_SUCCESSFUL')
    expect(eventChoices(PLATFORMS[2])).toEqual({ names: [], defaultName: 'deploy.succeeded' })
  })
})

const result = (id: string, verdict: CheckCaseResult['verdict'], required = true): CheckCaseResult => ({ id, title: id, expected: 'x', got: verdict === 'pass' ? '401' : '200', verdict, required, reason: 'because', exchanges: [], durationMs: 4 })
const planned = (id: string, required = true) => ({ id, title: id, expected: 'x', required })

function check(changes: Partial<CheckRun> = {}): CheckRun {
  return {
    id: 'chk_1',
    state: 'running',
    url: 'http://127.0.0.1:3000/hooks',
    provider: 'generic',
    event: 'deploy.succeeded',
    scheme: 'standard',
    startedAt: '2025-01-01T00:00:00.000Z',
    planned: [planned('valid'), planned('body-altered'), planned('replay'), planned('retry-plan', false)],
    cases: [],
    ...changes,
  }
}

describe('the check results', () => {
  it('lists every planned case: judged ones with their verdict, the next one running, the rest waiting', () => {
    const rows = caseRows(check({ cases: [result('valid', 'pass')] }))
    expect(rows.map((r) => [r.id, r.verdict])).toEqual([
      ['valid', 'pass'],
      ['body-altered', 'running'],
      ['replay', 'waiting'],
      ['retry-plan', 'waiting'],
    ])
    expect(caseRows(check({ state: 'failed', cases: [result('valid', 'pass')] })).map((r) => r.verdict)).toEqual(['pass', 'stopped', 'stopped', 'stopped'])
  })

  it('sums up how many required cases passed, and the verdict', () => {
    const cases = [result('valid', 'pass'), result('body-altered', 'fail'), result('replay', 'pass'), result('retry-plan', 'info', false)]
    expect(summaryOf(check({ state: 'finished', cases, passed: false }))).toEqual({ text: '2 of 3 required cases passed: the endpoint fails 1 case.', tone: 'bad' })
    const passing = cases.map((c) => (c.verdict === 'fail' ? { ...c, verdict: 'pass' as const } : c))
    expect(summaryOf(check({ state: 'finished', cases: passing, passed: true }))).toEqual({ text: '3 of 3 required cases passed: the endpoint passes.', tone: 'ok' })
    expect(summaryOf(check({ cases: cases.slice(0, 1) })).text).toBe('Running: 1 of 4 cases done, 1 of 3 required cases passed so far.')
    expect(summaryOf(check({ state: 'failed', error: 'The check stopped: boom', cases: [] })).text).toBe('The check stopped: boom 0 of 3 required cases passed before it stopped.')
  })

  it('moves the selection without wrapping, and names requests and answers', () => {
    expect(moveRow(-1, 4, 'ArrowDown')).toBe(0)
    expect(moveRow(3, 4, 'ArrowDown')).toBe(3)
    expect(moveRow(0, 4, 'ArrowUp')).toBe(0)
    expect(moveRow(1, 4, 'End')).toBe(3)
    expect(moveRow(2, 4, 'Home')).toBe(0)
    expect(moveRow(2, 4, 'a')).toBeUndefined()
    expect(moveRow(0, 0, 'ArrowDown')).toBeUndefined()
    expect(exchangeTitle(0, 1)).toBe('Request')
    expect(exchangeTitle(1, 2)).toBe('Request 2 of 2')
    const request = { method: 'POST' as const, url: 'http://x/', headers: [], body: '' }
    expect(answerLine({ request, response: { status: 401, headers: [], body: '' }, durationMs: 12.4 })).toBe('in 12 ms')
    expect(answerLine({ request, error: 'ECONNREFUSED: connection refused', durationMs: 2 })).toBe('ECONNREFUSED: connection refused after 2 ms')
  })
})

describe('the checks store', () => {
  const caseEvent = (id: string): CheckEvent => ({ type: 'check', id: 'chk_1', case: result(id, 'pass') })

  it('adds each case once, then takes the report or the stop', () => {
    const once = withCheckEvent(withCheckEvent(check(), caseEvent('valid')), caseEvent('valid'))
    expect(once.cases.map((c) => c.id)).toEqual(['valid'])
    const { id: _id, state: _state, planned: _planned, ...report } = check({ cases: [result('valid', 'pass')], finishedAt: '2025-01-01T00:00:01.000Z', passed: true })
    const finished = withCheckEvent(once, { type: 'check', id: 'chk_1', report: { ...report, finishedAt: '2025-01-01T00:00:01.000Z', passed: true } })
    expect(finished).toMatchObject({ state: 'finished', passed: true, planned: check().planned })
    expect(withCheckEvent(once, { type: 'check', id: 'chk_1', error: 'The check stopped: boom' })).toMatchObject({ state: 'failed', error: 'The check stopped: boom' })
  })

  it('keeps events of a check not read yet, and applies them once it is', () => {
    const early = checksAfterEvents({ byId: {}, early: {} }, [caseEvent('valid'), caseEvent('body-altered')])
    expect(early.byId).toEqual({})
    const loaded = checksWithLoaded(early, check({ cases: [result('valid', 'pass')] }))
    expect(loaded.early).toEqual({})
    expect(loaded.byId.chk_1!.cases.map((c) => c.id)).toEqual(['valid', 'body-altered'])
    // A later event goes straight to the check; other checks are left alone.
    const other = check({ id: 'chk_2' })
    const next = checksAfterEvents({ ...loaded, byId: { ...loaded.byId, chk_2: other } }, [caseEvent('replay')])
    expect(next.byId.chk_1!.cases).toHaveLength(3)
    expect(next.byId.chk_2).toBe(other)
  })

  it('holds the events of the last 20 unread checks only', () => {
    const events = Array.from({ length: 25 }, (_, i): CheckEvent => ({ type: 'check', id: `chk_${i}`, case: result('valid', 'pass') }))
    const { early } = checksAfterEvents({ byId: {}, early: {} }, events)
    expect(Object.keys(early)).toEqual(events.slice(5).map((e) => e.id))
  })

  it('never takes a check back to an older read', () => {
    const ahead = check({ cases: [result('valid', 'pass'), result('body-altered', 'pass')] })
    expect(checksWithLoaded({ byId: { chk_1: ahead }, early: {} }, check({ cases: [result('valid', 'pass')] })).byId.chk_1).toBe(ahead)
    const finished = check({ state: 'finished', passed: true, finishedAt: '2025-01-01T00:00:01.000Z' })
    expect(checksWithLoaded({ byId: { chk_1: finished }, early: {} }, check()).byId.chk_1).toBe(finished)
  })
})

describe('platform options, Cancel, history and "Check this endpoint"', () => {
  const charles: PlatformInfo = {
    id: 'charlescd',
    title: 'CharlesCD',
    events: [{ name: 'START_DEPLOY' }],
    defaultScheme: 'native',
    options: [
      { key: 'format', flag: '--format', kind: 'choice', values: ['documented', 'hermes-wire'], default: 'documented', description: 'Body format' },
      { key: 'workspaceId', flag: '--workspace-id', kind: 'text', values: [], description: 'Workspace' },
      { key: 'events', flag: '--events', kind: 'choices', values: ['DEPLOY', 'UNDEPLOY'], default: ['DEPLOY', 'UNDEPLOY'], description: 'Registered for' },
    ],
  }

  it("sends the platform's options of a typed URL, untouched ones at their defaults and empty text left out", () => {
    const result = checkStartOf(form({ provider: 'charlescd', secret: 'key', options: { format: 'hermes-wire', workspaceId: '' } }), [], [charles])
    expect(result).toMatchObject({ ok: true, input: { provider: 'charlescd', options: { format: 'hermes-wire', events: ['DEPLOY', 'UNDEPLOY'] } } })
    expect(result.ok && 'options' in result.input && result.input.options).not.toHaveProperty('workspaceId')
    // A platform without options sends none; another platform's options do not carry over.
    expect(checkStartOf(form({ provider: 'generic', secret: SECRET }), [], PLATFORMS)).not.toMatchObject({ input: { options: expect.anything() } })
    expect(withPlatform(form({ provider: 'charlescd', options: { format: 'hermes-wire' } }), 'qovery').options).toEqual({})
    expect(visibleFields(form({}), undefined)).toContain('options')
  })

  it('fills the form in for a subscription, keeping what was typed for a URL check', () => {
    const typed = form({ url: 'http://127.0.0.1:3000/typed', secret: 'kept', event: 'DEPLOYMENT_STARTED' })
    expect(forSubscription(typed, { id: 'sub_9', provider: 'qovery' })).toEqual({ ...typed, target: 'subscription', subscriptionId: 'sub_9', event: '' })
    expect(forSubscription(typed, { id: 'sub_any', provider: 'any' })).toMatchObject({ subscriptionId: 'sub_any', provider: '' })
  })

  it('takes a cancel event, and says how far a cancelled check got', () => {
    const cancelled = withCheckEvent(check({ cases: [result('valid', 'pass')] }), { type: 'check', id: 'chk_1', cancelled: true })
    expect(cancelled).toMatchObject({ state: 'cancelled', passed: false })
    expect(summaryOf(cancelled)).toEqual({ text: 'Cancelled after 1 of 4 cases: 1 of 3 required cases passed before it stopped; no verdict on the endpoint.', tone: 'warn' })
    expect(caseRows(cancelled).map((r) => r.verdict)).toEqual(['pass', 'stopped', 'stopped', 'stopped'])
    expect([cancelled, check(), check({ state: 'failed' }), check({ state: 'finished', passed: true }), check({ state: 'finished', passed: false })].map((c) => outcomeWord(c).word)).toEqual([
      'cancelled',
      'running',
      'stopped',
      'passes',
      'fails',
    ])
  })

  it('reads the history again when a check ends or one it does not list starts, not on every case', () => {
    const history = [{ id: 'chk_1' }] as Parameters<typeof endsOrStartsCheck>[1]
    expect(endsOrStartsCheck([{ type: 'check', id: 'chk_1', case: result('valid', 'pass') }], history)).toBe(false)
    expect(endsOrStartsCheck([{ type: 'check', id: 'chk_2', case: result('valid', 'pass') }], history)).toBe(true)
    expect(endsOrStartsCheck([{ type: 'check', id: 'chk_1', cancelled: true }], history)).toBe(true)
    expect(endsOrStartsCheck([{ type: 'check', id: 'chk_1', error: 'boom' }], history)).toBe(true)
  })

  it('splits a fix into its lead and one line per framework', () => {
    expect(fixParts('Verify the raw bytes:\nExpress: use express.raw\nFlask: request.get_data()')).toEqual({ lead: 'Verify the raw bytes:', items: ['Express: use express.raw', 'Flask: request.get_data()'] })
    expect(fixParts('Answer 401.')).toEqual({ lead: 'Answer 401.', items: [] })
  })
})
