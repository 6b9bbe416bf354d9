import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { qovery } from '../../../src/shared/platforms/qovery'
import { describeOptions } from '../../../src/shared/platforms/options'
import { UserSettings } from '../../../src/shared/schemas/document'
import { applyPatch, patchTo } from '../../../src/shared/schemas/patch'
import { Endpoint } from '../../../src/shared/schemas/receiver'
import { Subscription, SubscriptionShape } from '../../../src/shared/schemas/subscription'
import { type PatchForm, cannotRead, changedKeys, formPatch, reads } from '../../../src/renderer/src/forms/form-patch'
import { buildPatch, formOf as scriptFormOf, type ScriptForm } from '../../../src/renderer/src/views/receiver/script-form'
import { historyFormOf, historyPatch } from '../../../src/renderer/src/views/settings/history-form'
import { type EditForm, checkEdit, fieldsOf, formOf } from '../../../src/renderer/src/views/subscription/subscription-edit'

/** A schema with defaults everywhere: zod 4's `.partial()` would fill them into a patch. */
const Thing = z.object({
  name: z.string().min(1),
  size: z.number().int().min(1).max(10).default(5),
  note: z.string().optional(),
  tags: z.array(z.string()).default([]),
  inner: z.object({ a: z.number().default(1), b: z.string().default('x'), c: z.string().optional() }).default({ a: 1, b: 'x' }),
  extra: z.object({ on: z.boolean(), level: z.number().default(0), label: z.string().optional() }).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  mode: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), n: z.number() }), z.object({ kind: z.literal('b'), s: z.string() })]).optional(),
})
type Thing = z.infer<typeof Thing>
const stored: Thing = Thing.parse({ name: 'one', size: 7, note: 'kept', tags: ['t'], inner: { a: 2, b: 'y', c: 'z' }, labels: { k: 'v', j: 'w' }, mode: { kind: 'a', n: 1 } })

describe('the patch to a wanted state (patchTo)', () => {
  it('leaves out what equals the stored value, whatever the order of keys', () => {
    expect(patchTo(Thing, stored, { name: 'one', size: 7, inner: { c: 'z', b: 'y' }, mode: { n: 1, kind: 'a' } })).toEqual({})
  })

  it('patches a nested object and a record field by field; arrays and unions whole', () => {
    expect(patchTo(Thing, stored, { inner: { a: 3, b: 'y' }, labels: { k: 'v', j: 'new' }, tags: ['t', 'u'], mode: { kind: 'a', n: 2 } })).toEqual({
      inner: { a: 3 },
      labels: { j: 'new' },
      tags: ['t', 'u'],
      mode: { kind: 'a', n: 2 },
    })
  })

  it('unsets with null only what is there; a record key likewise', () => {
    expect(patchTo(Thing, stored, { note: null, inner: { c: null }, labels: { k: null, gone: null } })).toEqual({ note: null, inner: { c: null }, labels: { k: null } })
    expect(patchTo(Thing, { ...stored, note: undefined }, { note: null })).toEqual({})
  })

  it('sends a nested object whole where none is stored, without its nulls', () => {
    expect(patchTo(Thing, stored, { extra: { on: true, level: 2, label: null } })).toEqual({ extra: { on: true, level: 2 } })
  })

  it('is the inverse of applyPatch: the wanted values land, everything else stays the very same', () => {
    const wanted = { size: 9, inner: { b: 'q' }, labels: { j: null }, extra: { on: false } }
    const merged = applyPatch(Thing, stored, patchTo(Thing, stored, wanted))
    expect(merged).toEqual({ ...stored, size: 9, inner: { ...stored.inner, b: 'q' }, labels: { k: 'v' }, extra: { on: false } })
    expect(merged.tags).toBe(stored.tags)
    expect(merged.mode).toBe(stored.mode)
  })
})

interface ThingForm {
  name: string
  size: string
  note: string
  b: string
}
const thingForm = (t: Thing): ThingForm => ({ name: t.name, size: String(t.size), note: t.note ?? '', b: t.inner.b })
const THING_FORM: PatchForm<ThingForm> = {
  schema: Thing,
  fields: [
    { from: ['name'], to: ['name'], read: (f) => reads(f.name) },
    { from: ['size'], to: ['size'], read: (f) => (/^\d+$/.test(f.size) ? reads(Number(f.size)) : cannotRead('size', 'must be a whole number')) },
    { from: ['note'], to: ['note'], read: (f) => reads(f.note === '' ? null : f.note) },
    { from: ['b'], to: ['inner', 'b'], read: (f) => reads(f.b) },
  ],
  issueAt: (path) => String(path.at(-1)),
  message: (issue) => issue.code,
}

describe('one form-to-patch helper', () => {
  it('reads only the controls that changed, and never fills a default into the patch', () => {
    const initial = thingForm(stored)
    const result = formPatch(THING_FORM, stored, initial, { ...initial, b: 'new' })
    expect(result).toMatchObject({ ok: true, changes: { inner: { b: 'new' } }, empty: false })
    expect(changedKeys(THING_FORM, initial, { ...initial, b: 'new' })).toEqual(['b'])
  })

  it('sends nothing when a control was typed back to what is stored', () => {
    const initial = thingForm(stored)
    expect(formPatch(THING_FORM, stored, initial, { ...initial })).toMatchObject({ ok: true, changes: {}, empty: true })
    expect(formPatch(THING_FORM, stored, { ...initial, size: '3' }, initial)).toMatchObject({ ok: true, changes: {}, empty: true })
  })

  it('keeps what someone else changed meanwhile: only the controls the user touched are sent', () => {
    const opened = thingForm(stored)
    const since = { ...stored, name: 'renamed elsewhere', inner: { ...stored.inner, a: 9 } }
    const result = formPatch(THING_FORM, since, opened, { ...opened, size: '2' })
    expect(result).toMatchObject({ ok: true, changes: { size: 2 } })
    if (result.ok) expect(result.merged).toEqual({ ...since, size: 2 })
  })

  it('shows every problem at once: text that cannot be read and values the schemas refuse, at their fields', () => {
    const initial = thingForm(stored)
    expect(formPatch(THING_FORM, stored, initial, { ...initial, name: '', size: 'many' })).toEqual({ ok: false, problems: { size: 'must be a whole number', name: 'too_small' } })
    expect(formPatch(THING_FORM, stored, initial, { ...initial, size: '11' })).toEqual({ ok: false, problems: { size: 'too_big' } })
  })
})

/** Every top-level field the patch does not name is the very object stored; a nested one keeps the fields it does not name. */
function expectOnlyNamedChanged(before: Record<string, unknown>, after: Record<string, unknown>, changes: Record<string, unknown>) {
  for (const key of Object.keys(before)) {
    if (!(key in changes)) {
      expect(after[key], key).toBe(before[key])
      continue
    }
    const named = changes[key]
    const was = before[key]
    if (typeof named !== 'object' || named === null || Array.isArray(named) || typeof was !== 'object' || was === null || Array.isArray(was)) continue
    for (const inner of Object.keys(was)) if (!(inner in named)) expect((after[key] as Record<string, unknown>)[inner], `${key}.${inner}`).toEqual((was as Record<string, unknown>)[inner])
  }
}

describe('fields the user did not touch stay exactly as they were', () => {
  it('in the subscription form, whichever single control is changed', () => {
    const options = describeOptions(qovery.options)
    const subscription = Subscription.parse({
      id: 'sub_1',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      name: 'prod',
      url: 'http://127.0.0.1:9/hook',
      provider: 'qovery',
      events: ['DEPLOYMENT_STARTED'],
      signing: { scheme: 'native', secret: 'current', previousSecret: 'old', previousSecretExpiresAt: '2030-01-31T11:00:00.000Z' },
      retry: { preset: 'exponential', baseMs: 500, factor: 3, capMs: 60_000, jitter: 0.1, maxAttempts: 4 },
      timeoutMs: 2_500,
      headers: [['X-Team', 'ops']],
      filters: { events: ['DEPLOYMENT_STARTED'], environmentTypes: ['PRODUCTION'], projectNames: ['shop*'], where: [{ path: 'payload.x', equals: 3 }] },
      concurrency: 2,
      ordered: true,
      options: { kind: 'SLACK', secretHeader: 'both', objects: 'minimal' },
    })
    const initial = formOf(subscription, options)
    const edits: Partial<EditForm>[] = [
      { name: 'renamed' },
      { url: 'http://127.0.0.1:9/other' },
      { enabled: false },
      { paused: true },
      { ordered: false },
      { events: ['DEPLOYMENT_STARTED', 'DEPLOYMENT_FAILURE'] },
      { environmentTypes: 'STAGING' },
      { projectNames: 'api*' },
      { where: 'payload.y = "z"' },
      { headers: 'X-Team: dev' },
      { newSecret: 'brand-new' },
      { previousSecretExpiresAt: '' },
      { retryMaxAttempts: '6' },
      { timeout: '9' },
      { concurrency: '3' },
      { options: { ...initial.options, objects: 'full' } },
    ]
    const fields = fieldsOf(subscription)
    for (const edit of edits) {
      const checked = checkEdit(subscription, initial, { ...initial, ...edit }, options)
      if (!checked.ok) throw new Error(`${JSON.stringify(edit)} refused: ${JSON.stringify(checked.problems)}`)
      expect(Object.keys(checked.changes), JSON.stringify(edit)).toHaveLength(1)
      expectOnlyNamedChanged(fields, applyPatch(SubscriptionShape, fields, checked.changes), checked.changes)
    }
  })

  it("in an endpoint's script form, whichever single control is changed", () => {
    const endpoint = Endpoint.parse({
      name: 'full',
      response: { status: 202, headers: [['X-A', '1']], body: 'hi', delayMs: 5, failFirst: 1, failStatus: 503, failureRate: 0.07, seed: 3, retryAfterSec: 9 },
      verify: { scheme: 'github', secrets: ['new', 'old'], toleranceSec: 60, hmacHeader: 'X-Sig' },
      forward: { url: 'http://127.0.0.1:9/f', timeoutMs: 2000 },
      maxBodyBytes: 4096,
    })
    const edits: Partial<ScriptForm>[] = [
      { status: '500' },
      { headers: 'X-B: 2' },
      { body: 'bye' },
      { delayMs: '6' },
      { failFirst: '2' },
      { failStatus: '429' },
      { failurePercent: '50' },
      { seed: '4' },
      { hang: true },
      { retryAfterSec: '' },
      { secrets: 'newer\nnew' },
      { toleranceSec: '30' },
      { rejectInvalid: true },
      { hmacHeader: '' },
      { forwardTimeoutMs: '3000' },
      { maxBodyBytes: '' },
    ]
    for (const edit of edits) {
      const result = buildPatch(endpoint, edit)
      if (!result.ok) throw new Error(`${JSON.stringify(edit)} refused: ${JSON.stringify(result.errors)}`)
      expect(Object.keys(result.changes), JSON.stringify(edit)).toHaveLength(1)
      const nested: unknown = Object.values(result.changes)[0]
      if (typeof nested === 'object' && nested !== null) expect(Object.keys(nested), JSON.stringify(edit)).toHaveLength(1)
      expectOnlyNamedChanged(endpoint, applyPatch(Endpoint, endpoint, result.changes), result.changes)
    }
    expect(scriptFormOf(endpoint).hmacHeader).toBe('X-Sig')
  })

  it('in the history settings: only the limit changed is sent', () => {
    const settings = UserSettings.parse({ history: { deliveries: 5_000, captures: 7_000 } })
    const initial = historyFormOf(settings)
    expect(historyPatch(settings, initial, { ...initial, captures: '8000' })).toMatchObject({ ok: true, changes: { history: { captures: 8_000 } } })
    expect(historyPatch(settings, initial, initial)).toMatchObject({ ok: true, changes: {}, empty: true })
    expect(historyPatch(settings, initial, { deliveries: '50', captures: 'lots' })).toEqual({ ok: false, problems: { captures: 'must be a number', deliveries: 'must be at least 100' } })
  })
})
