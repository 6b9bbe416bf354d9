import { describe, expect, it } from 'vitest'
import type { OptionInfo } from '../../../src/shared/platforms/options'
import { describeOptions } from '../../../src/shared/platforms/options'
import { qovery } from '../../../src/shared/platforms/qovery'
import { SubscriptionShape, Subscription } from '../../../src/shared/schemas/subscription'
import { applyPatch } from '../../../src/shared/schemas/patch'
import {
  NO_SECRET_PROBLEM,
  checkCreate,
  checkEdit,
  draftOf,
  durationText,
  emptyForm,
  eventChoices,
  fieldOf,
  formOf,
  mergedEventList,
  parseDelays,
  retirePrevious,
  rotateSecret,
  rotationChanges,
} from '../../../src/renderer/src/views/subscription/subscription-edit'
import { SubscriptionDraft } from '../../../src/shared/schemas/subscription'
import { describeCatalog } from '../../../src/main/platforms/catalog'
import type { CatalogEntry } from '../../../src/shared/platforms/catalog'

const options: OptionInfo[] = describeOptions(qovery.options)

/** A Qovery subscription with every field away from its default. */
const stored: Subscription = Subscription.parse({
  id: 'sub_1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  name: 'prod alerts',
  url: 'http://127.0.0.1:9/hook',
  provider: 'qovery',
  events: ['DEPLOYMENT_STARTED'],
  enabled: false,
  paused: true,
  signing: { scheme: 'native', secret: 'current', previousSecret: 'old', previousSecretExpiresAt: '2030-01-31T11:00:00.000Z' },
  retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 4 },
  timeoutMs: 2_500,
  headers: [['X-Team', 'ops']],
  filters: { events: ['DEPLOYMENT_STARTED'], environmentTypes: ['PRODUCTION'], projectNames: ['shop*'], where: [{ path: 'payload.x', equals: 3 }] },
  concurrency: 2,
  ordered: true,
  options: { kind: 'SLACK', secretHeader: 'both', objects: 'minimal' },
})

/** The patch an edit of the stored subscription sends, checked as Save checks it. */
function changesTo(initial: ReturnType<typeof formOf>, form: ReturnType<typeof formOf>) {
  const checked = checkEdit(stored, initial, form, options)
  if (!checked.ok) throw new Error(`refused: ${JSON.stringify(checked.problems)}`)
  return checked.changes
}

/** The problems an edit of the stored subscription shows. */
function problemsOf(initial: ReturnType<typeof formOf>, form: ReturnType<typeof formOf>) {
  const checked = checkEdit(stored, initial, form, options)
  return checked.ok ? {} : checked.problems
}

describe('the patch an edit sends', () => {
  it('is empty when nothing was touched', () => {
    const initial = formOf(stored, options)
    expect(changesTo(initial, { ...initial })).toEqual({})
    expect(checkEdit(stored, initial, initial, options)).toEqual({ ok: true, changes: {} })
  })

  it('names only the changed field, nested objects field by field', () => {
    const initial = formOf(stored, options)
    expect(changesTo(initial, { ...initial, events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL'] })).toEqual({
      events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL'],
    })
    expect(changesTo(initial, { ...initial, projectNames: 'shop*, api' })).toEqual({ filters: { projectNames: ['shop*', 'api'] } })
    expect(changesTo(initial, { ...initial, secret: 'next' })).toEqual({ signing: { secret: 'next' } })
    expect(changesTo(initial, { ...initial, options: { ...initial.options, kind: 'STANDARD' } })).toEqual({ options: { kind: 'STANDARD' } })
    expect(changesTo(initial, { ...initial, timeout: '4' })).toEqual({ timeoutMs: 4_000 })
  })

  it('keeps an untouched exponential retry (whose preset alone would lose its parameters)', () => {
    const initial = formOf(stored, options)
    const checked = checkEdit(stored, initial, { ...initial, name: 'renamed' }, options)
    expect(checked).toEqual({ ok: true, changes: { name: 'renamed' } })
    const merged = applyPatch(SubscriptionShape, stored, { name: 'renamed' })
    expect(merged.retry).toEqual(stored.retry)
  })

  it('removes what is emptied (null), so the platform default applies', () => {
    const initial = formOf(stored, options)
    expect(changesTo(initial, { ...initial, timeout: '', retry: '' })).toEqual({ timeoutMs: null, retry: null })
  })

  it('rotates: the next secret signs, the current one is the previous until the overlap ends; retiring removes it', () => {
    const initial = formOf(stored, options)
    const now = Date.parse('2026-03-01T10:00:00.000Z')
    const rotated = rotateSecret(initial, 'next', 24, now)
    const changes = changesTo(initial, rotated)
    expect(changes).toEqual({ signing: { secret: 'next', previousSecret: 'current', previousSecretExpiresAt: '2026-03-02T10:00:00.000Z' } })
    expect(changesTo(initial, retirePrevious(initial))).toEqual({ signing: { previousSecret: null, previousSecretExpiresAt: null } })
  })

  it('shows problems at their field, in plain words: every field at once, text that cannot be read and values the schema refuses', () => {
    const initial = formOf(stored, options)
    const bad = checkEdit(stored, initial, { ...initial, name: ' ', url: 'ftp://x', concurrency: '100', headers: 'no colon here' }, options)
    expect(bad).toEqual({
      ok: false,
      problems: { headers: expect.stringContaining('Name: value') as string, name: 'cannot be empty', url: 'must be an http:// or https:// URL', concurrency: 'must be at most 64' },
    })
    const invalid = checkEdit(stored, initial, { ...initial, name: ' ', url: 'ftp://x', concurrency: '100' }, options)
    expect(invalid.ok).toBe(false)
    if (invalid.ok) return
    expect(invalid.problems).toEqual({ name: 'cannot be empty', url: 'must be an http:// or https:// URL', concurrency: 'must be at most 64' })
    const secret = checkEdit(stored, initial, { ...initial, scheme: 'standard' }, options)
    expect(secret.ok).toBe(false)
    if (!secret.ok) expect(secret.problems['signing.previousSecret']).toMatch(/^a standard secret is/)
  })

  it('maps schema paths to fields', () => {
    expect(fieldOf(['signing', 'secret'])).toBe('signing.secret')
    expect(fieldOf(['headers', 0, 0])).toBe('headers')
    expect(fieldOf(['filters', 'where', 1, 'path'])).toBe('filters.where')
    expect(fieldOf([])).toBe('subscription')
  })
})

describe('undo of a delete', () => {
  it('recreates the same fields', () => {
    const draft = draftOf(stored)
    expect(draft.success).toBe(true)
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = stored
    expect(draft.data).toStrictEqual(fields)
  })
})

describe('the events one can pick', () => {
  const catalog = [
    { id: 'qovery', title: 'Qovery', events: [{ name: 'A', firesWhen: 'a' }, { name: 'B', firesWhen: 'b' }] },
    { id: 'divshot', title: 'Divshot', events: [{ name: 'B', firesWhen: 'b' }, { name: 'C', firesWhen: 'c' }] },
  ] as unknown as CatalogEntry[]
  it("are the platform's catalog, or every platform's once for any", () => {
    expect(eventChoices('qovery', catalog).map((c) => c.name)).toEqual(['A', 'B'])
    expect(eventChoices('any', catalog).map((c) => c.name)).toEqual(['A', 'B', 'C'])
    expect(eventChoices('generic', catalog)).toEqual([])
  })
})

describe('applyPatch on records', () => {
  it('removes an option set to null and keeps the others', () => {
    const merged = applyPatch(SubscriptionShape, { ...stored, options: { app: 'x', other: 1 } }, { options: { app: null } })
    expect(merged.options).toEqual({ other: 1 })
  })
})

describe('one form for create and edit', () => {
  const KEY = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='

  it('creates with what was filled and the schema’s defaults for the rest (platform options included)', () => {
    const form = { ...emptyForm('qovery', options, 'native', 'token-1'), name: 'prod', url: 'http://127.0.0.1:9/q' }
    const created = checkCreate(form, options)
    expect(created).toEqual({ ok: true, draft: SubscriptionDraft.parse({ name: 'prod', url: 'http://127.0.0.1:9/q', provider: 'qovery', signing: { scheme: 'native', secret: 'token-1' } }) })
  })

  it('creates with events, filters, retries and options as picked', () => {
    const form = {
      ...emptyForm('qovery', options, 'native', 'token-1'),
      name: 'prod',
      url: 'http://127.0.0.1:9/q',
      events: ['DEPLOYMENT_FAILURE'],
      environmentTypes: 'PRODUCTION',
      retry: 'fixed' as const,
      retryDelays: '10s, 1m30s',
      options: { ...emptyForm('qovery', options, 'none', undefined).options, kind: 'SLACK' },
    }
    const created = checkCreate(form, options)
    expect(created.ok && created.draft).toMatchObject({
      events: ['DEPLOYMENT_FAILURE'],
      filters: { environmentTypes: ['PRODUCTION'], projectNames: [], events: [], where: [] },
      retry: { preset: 'fixed', delaysMs: [10_000, 90_000] },
      options: { kind: 'SLACK' },
    })
  })

  it('refuses a new subscription whose scheme signs without a secret, in the form’s words, and nothing is sent', () => {
    const form = { ...emptyForm('generic', [], 'standard', KEY), name: 'x', url: 'http://127.0.0.1:9/', secret: '' }
    expect(checkCreate(form, [])).toEqual({ ok: false, problems: { 'signing.secret': NO_SECRET_PROBLEM } })
  })

  it('saves a typed or generated secret with the rest of the form: only the secret changes', () => {
    const initial = formOf(stored, options)
    const checked = checkEdit(stored, initial, { ...initial, newSecret: 'replacement' }, options)
    expect(checked).toEqual({ ok: true, changes: { signing: { secret: 'replacement' } } })
    const merged = applyPatch(SubscriptionShape, stored, { signing: { secret: 'replacement' } })
    expect({ ...merged, signing: stored.signing }).toStrictEqual(stored)
    expect(merged.signing).toEqual({ ...stored.signing, secret: 'replacement' })
  })

  it('refuses a save that would leave a signing scheme without a secret', () => {
    const unsigned = Subscription.parse({ ...stored, provider: 'generic', options: {}, signing: { scheme: 'none' } })
    const initial = formOf(unsigned, [])
    const checked = checkEdit(unsigned, initial, { ...initial, scheme: 'standard' }, [])
    expect(checked).toEqual({ ok: false, problems: { 'signing.secret': NO_SECRET_PROBLEM } })
    expect(checkEdit(unsigned, initial, { ...initial, scheme: 'standard', newSecret: KEY }, [])).toEqual({ ok: true, changes: { signing: { scheme: 'standard', secret: KEY } } })
  })

  it('rotation takes effect with one patch: the new secret, the current one kept for the overlap', () => {
    const now = Date.parse('2026-03-01T10:00:00.000Z')
    expect(rotationChanges({ secret: 'current' }, 'next', 168, now)).toEqual({ signing: { secret: 'next', previousSecret: 'current', previousSecretExpiresAt: '2026-03-08T10:00:00.000Z' } })
    expect(rotationChanges({}, 'first', 24, now)).toEqual({ signing: { secret: 'first' } })
    const merged = applyPatch(SubscriptionShape, stored, rotationChanges(stored.signing, 'next', 1, now))
    expect({ ...merged, signing: stored.signing }).toStrictEqual(stored)
  })

  it('edits a fixed or exponential schedule’s numbers; untouched, the stored ones stay', () => {
    const initial = formOf(stored, options)
    expect(initial).toMatchObject({ retry: 'exponential', retryBase: '500ms', retryFactor: '3', retryCap: '1m', retryJitter: '0.1', retryMaxAttempts: '4' })
    expect(changesTo(initial, { ...initial, retryMaxAttempts: '6' })).toEqual({ retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 6 } })
    expect(changesTo(initial, { ...initial, retry: 'fixed', retryDelays: '1s, 5s, 2m' })).toEqual({ retry: { preset: 'fixed', delaysMs: [1_000, 5_000, 120_000] } })
    expect(problemsOf(initial, { ...initial, retry: 'fixed', retryDelays: '1s, soon' })).toEqual({ 'retry.delaysMs': '"soon" is not a wait: write 30s, 2m, 1h30m or 500ms' })
    expect(changesTo(initial, { ...initial, retry: 'divshot' })).toEqual({ retry: { preset: 'divshot' } })
    expect(checkEdit(stored, initial, { ...initial, retryFactor: '0.5' }, options)).toEqual({ ok: false, problems: { 'retry.factor': 'must be at least 1' } })
  })

  it('reads waits as the scenario files write them, or seconds', () => {
    expect(parseDelays('30s, 2m ,1h30m, 250ms, 1.5')).toEqual([30_000, 120_000, 5_400_000, 250, 1_500])
    expect(parseDelays('')).toEqual([])
    expect([0, 250, 1_000, 90_000, 5_400_000, 3_600_000 + 1].map(durationText)).toEqual(['0s', '250ms', '1s', '1m30s', '1h30m', '1h1ms'])
  })

  it('changes the platform: the patch names it, and its options start from the new platform’s defaults', () => {
    const initial = formOf(stored, options)
    expect(changesTo(initial, { ...initial, provider: 'divshot', options: {} })).toEqual({ provider: 'divshot' })
  })

  it('keeps one event list: the events both lists let through', () => {
    expect(mergedEventList([], ['A'])).toEqual(['A'])
    expect(mergedEventList(['A', 'B'], ['B', 'C'])).toEqual(['B'])
    expect(mergedEventList(['A'], ['C'])).toBeUndefined()
  })

  it('offers environment and project filters only where the platform’s events carry them', () => {
    const facts = Object.fromEntries(describeCatalog().map((entry) => [entry.id, entry.filterFacts.map((f) => f.fact)]))
    expect(facts).toMatchObject({ qovery: ['environmentType', 'projectName'], charlescd: ['projectName'] })
  })
})
