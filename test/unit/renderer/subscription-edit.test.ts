import { describe, expect, it } from 'vitest'
import type { OptionInfo } from '../../../src/shared/platforms/options'
import { describeOptions } from '../../../src/shared/platforms/options'
import { qovery } from '../../../src/shared/platforms'
import { SubscriptionShape, Subscription } from '../../../src/shared/schemas/subscription'
import { applyPatch } from '../../../src/shared/schemas/patch'
import {
  changesOf,
  checkEdit,
  draftOf,
  eventChoices,
  fieldOf,
  formOf,
  retirePrevious,
  rotateSecret,
} from '../../../src/renderer/src/views/subscription-edit'
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

describe('the patch an edit sends', () => {
  it('is empty when nothing was touched', () => {
    const initial = formOf(stored, options)
    expect(changesOf(initial, { ...initial }, options)).toEqual({ changes: {}, problems: {} })
    expect(checkEdit(stored, initial, initial, options)).toEqual({ ok: true, changes: {} })
  })

  it('names only the changed field, nested objects field by field', () => {
    const initial = formOf(stored, options)
    expect(changesOf(initial, { ...initial, events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL'] }, options).changes).toEqual({
      events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL'],
    })
    expect(changesOf(initial, { ...initial, projectNames: 'shop*, api' }, options).changes).toEqual({ filters: { projectNames: ['shop*', 'api'] } })
    expect(changesOf(initial, { ...initial, secret: 'next' }, options).changes).toEqual({ signing: { secret: 'next' } })
    expect(changesOf(initial, { ...initial, options: { ...initial.options, kind: 'STANDARD' } }, options).changes).toEqual({ options: { kind: 'STANDARD' } })
    expect(changesOf(initial, { ...initial, timeout: '4' }, options).changes).toEqual({ timeoutMs: 4_000 })
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
    expect(changesOf(initial, { ...initial, timeout: '', retry: '' }, options).changes).toEqual({ timeoutMs: null, retry: null })
  })

  it('rotates: the next secret signs, the current one is the previous until the overlap ends; retiring removes it', () => {
    const initial = formOf(stored, options)
    const now = Date.parse('2026-03-01T10:00:00.000Z')
    const rotated = rotateSecret(initial, 'next', 24, now)
    const { changes } = changesOf(initial, rotated, options)
    expect(changes).toEqual({ signing: { secret: 'next', previousSecret: 'current', previousSecretExpiresAt: '2026-03-02T10:00:00.000Z' } })
    expect(changesOf(initial, retirePrevious(initial), options).changes).toEqual({ signing: { previousSecret: null, previousSecretExpiresAt: null } })
  })

  it('shows problems at their field, in plain words', () => {
    const initial = formOf(stored, options)
    const bad = checkEdit(stored, initial, { ...initial, name: ' ', url: 'ftp://x', concurrency: '100', headers: 'no colon here' }, options)
    expect(bad).toEqual({ ok: false, problems: { headers: expect.stringContaining('Name: value') as string } })
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
