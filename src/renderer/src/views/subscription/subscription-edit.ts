import type { z } from 'zod'
import type { CatalogEntry } from '../../../../shared/platforms/catalog'
import type { OptionInfo } from '../../../../shared/platforms/options'
import { headerLine } from '../../../../shared/schemas/http'
import { RetryPolicy, type RetryPreset } from '../../../../shared/schemas/retry-policy'
import type { SigningConfig, SigningScheme } from '../../../../shared/schemas/signing'
import { parseDuration } from '../../../../shared/schemas/scenario'
import { type Subscription, SubscriptionChanges, SubscriptionDraft, type SubscriptionProvider, SubscriptionShape } from '../../../../shared/schemas/subscription'
import { type PatchField, type PatchForm, cannotRead, formPatch, reads } from '../../forms/form-patch'
import { plainMessage } from '../../forms/plain-message'

/** What the form holds: every editable field of a subscription as its control shows it. */
export interface EditForm {
  name: string
  url: string
  provider: SubscriptionProvider
  enabled: boolean
  paused: boolean
  /** Event names to send; empty = all. */
  events: string[]
  filterEvents: string[]
  environmentTypes: string
  projectNames: string
  /** One `path = value` a line (value as JSON, or plain text). */
  where: string
  /** One `Name: value` a line. */
  headers: string
  scheme: SigningScheme
  secret: string
  /** A secret typed or generated to replace the current one: saved with the rest of the form. */
  newSecret: string
  previousSecret: string
  /** A datetime-local value (local time); empty = accepted until retired. */
  previousSecretExpiresAt: string
  hmacHeader: string
  retry: RetryPreset | ''
  /** `fixed`: the waits before each retry (`30s, 2m, 1h30m`). */
  retryDelays: string
  /** `exponential`: the first wait, the factor, the cap, the jitter (0–1) and the attempts in all. */
  retryBase: string
  retryFactor: string
  retryCap: string
  retryJitter: string
  retryMaxAttempts: string
  /** Seconds; empty = the platform's default. */
  timeout: string
  concurrency: string
  ordered: boolean
  /** Per option key: text (choice, text, list) or the ticked values (choices). */
  options: Record<string, string | string[]>
}

/** Where a problem is shown: a field of the editor, named like the schema's path (`signing.secret`, `options.kind`). */
export type FieldKey = string
export type Problems = Record<FieldKey, string>

/** Comma-separated text as a list (as the create form reads it). */
export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

const pad = (n: number) => String(n).padStart(2, '0')

/** ISO 8601 → a datetime-local value in this machine's time zone. */
export function localOf(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A datetime-local value → ISO 8601 (UTC); undefined when it is not a date. */
export function isoOf(local: string): string | undefined {
  const at = new Date(local)
  return local.trim() === '' || Number.isNaN(at.getTime()) ? undefined : at.toISOString()
}

/** A stored option value as its control shows it. */
export function optionFormValue(option: OptionInfo, stored: unknown): string | string[] {
  const value = stored === undefined ? option.default : stored
  if (option.kind === 'choices') return Array.isArray(value) ? value.map(String) : []
  if (option.kind === 'list') return Array.isArray(value) ? value.map(String).join(', ') : ''
  return typeof value === 'string' ? value : ''
}

/** `90000` → `1m30s`, `250` → `250ms`: a wait as the delay fields take it. */
export function durationText(ms: number): string {
  if (ms === 0) return '0s'
  const parts: string[] = []
  let rest = Math.round(ms)
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]] as const) {
    const whole = Math.floor(rest / size)
    if (whole > 0) parts.push(`${whole}${unit}`)
    rest -= whole * size
  }
  return parts.join('')
}

/** The retry fields of a form for a stored policy (or, for the other presets, their defaults). */
function retryFieldsOf(policy: RetryPolicy | undefined) {
  const exponential = policy?.preset === 'exponential' ? policy : RetryPolicy.parse({ preset: 'exponential' })
  const fixed = policy?.preset === 'fixed' ? policy : RetryPolicy.parse({ preset: 'fixed' })
  if (exponential.preset !== 'exponential' || fixed.preset !== 'fixed') throw new Error('unreachable')
  return {
    retry: policy?.preset ?? '',
    retryDelays: fixed.delaysMs.map(durationText).join(', '),
    retryBase: durationText(exponential.baseMs),
    retryFactor: String(exponential.factor),
    retryCap: durationText(exponential.capMs),
    retryJitter: String(exponential.jitter),
    retryMaxAttempts: String(exponential.maxAttempts),
  } satisfies Partial<EditForm>
}

/** The subscription as the form's initial state. */
export function formOf(s: Subscription, options: OptionInfo[]): EditForm {
  const stored: Record<string, unknown> = s.options
  return {
    name: s.name,
    url: s.url,
    provider: s.provider,
    enabled: s.enabled,
    paused: s.paused,
    events: [...s.events],
    filterEvents: [...s.filters.events],
    environmentTypes: s.filters.environmentTypes.join(', '),
    projectNames: s.filters.projectNames.join(', '),
    where: s.filters.where.map((w) => `${w.path} = ${JSON.stringify(w.equals)}`).join('\n'),
    headers: s.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    scheme: s.signing.scheme,
    secret: s.signing.secret ?? '',
    newSecret: '',
    previousSecret: s.signing.previousSecret ?? '',
    previousSecretExpiresAt: localOf(s.signing.previousSecretExpiresAt),
    hmacHeader: s.signing.hmacHeader ?? '',
    ...retryFieldsOf(s.retry),
    timeout: s.timeoutMs === undefined ? '' : String(s.timeoutMs / 1000),
    concurrency: String(s.concurrency),
    ordered: s.ordered,
    options: Object.fromEntries(options.map((option) => [option.key, optionFormValue(option, stored[option.key])])),
  }
}

/**
 * A new subscription's form: nothing filled but the platform, its options' defaults, and
 * signing with its default scheme and a fresh secret (shown, so it can be copied).
 */
export function emptyForm(provider: SubscriptionProvider, options: OptionInfo[], scheme: SigningScheme, secret: string | undefined): EditForm {
  return {
    name: '',
    url: '',
    provider,
    enabled: true,
    paused: false,
    events: [],
    filterEvents: [],
    environmentTypes: '',
    projectNames: '',
    where: '',
    headers: '',
    scheme: secret === undefined ? 'none' : scheme,
    secret: secret ?? '',
    newSecret: '',
    previousSecret: '',
    previousSecretExpiresAt: '',
    hmacHeader: '',
    ...retryFieldsOf(undefined),
    timeout: '',
    concurrency: '4',
    ordered: false,
    options: Object.fromEntries(options.map((option) => [option.key, optionFormValue(option, undefined)])),
  }
}

/** Starts a rotation: the new secret signs from now on, the current one is still accepted for `overlapHours`. */
export function rotateSecret(form: EditForm, next: string, overlapHours: number, nowMs: number): EditForm {
  return { ...form, previousSecret: form.secret, secret: next, previousSecretExpiresAt: localOf(new Date(nowMs + overlapHours * 3_600_000).toISOString()) }
}

/**
 * The patch of a rotation that takes effect now: `next` signs from now on, and the current
 * secret (when there is one) keeps signing beside it until the overlap ends.
 */
export function rotationChanges(current: Pick<SigningConfig, 'secret'>, next: string, overlapHours: number, nowMs: number) {
  if (!current.secret) return { signing: { secret: next } }
  return { signing: { secret: next, previousSecret: current.secret, previousSecretExpiresAt: new Date(nowMs + overlapHours * 3_600_000).toISOString() } }
}

/** Ends a rotation: only the current secret is accepted. */
export function retirePrevious(form: EditForm): EditForm {
  return { ...form, previousSecret: '', previousSecretExpiresAt: '' }
}

export function parseHeaders(text: string): [string, string][] | string {
  const pairs: [string, string][] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const header = headerLine(line)
    if (!header) return `each line is "Name: value" ("${line.trim()}" has no name before a colon)`
    pairs.push(header)
  }
  return pairs
}

/** `path = value` lines (value as JSON, or plain text) as where clauses, or the first line's problem. */
export function parseWhere(text: string): { path: string; equals: unknown }[] | string {
  const clauses: { path: string; equals: unknown }[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    if (eq <= 0) return `each line is "path = value" ("${line.trim()}" has no "=")`
    const raw = line.slice(eq + 1).trim()
    let equals: unknown = raw
    try {
      equals = JSON.parse(raw)
    } catch {
      // plain text: compared as a string
    }
    clauses.push({ path: line.slice(0, eq).trim(), equals })
  }
  return clauses
}

/** The number in a text field, or undefined when it is not one. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

/** `30s, 2m, 1h30m` (or plain numbers of seconds) in milliseconds, or what is wrong with it. */
export function parseDelays(text: string): number[] | string {
  const delays: number[] = []
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const ms = /^\d+(\.\d+)?$/.test(part) ? Math.round(Number(part) * 1000) : parseDuration(part.replace(/\s+/g, ''))
    if (ms === undefined) return `"${part}" is not a wait: write 30s, 2m, 1h30m or 500ms`
    delays.push(ms)
  }
  return delays
}

const RETRY_FIELDS = ['retry', 'retryDelays', 'retryBase', 'retryFactor', 'retryCap', 'retryJitter', 'retryMaxAttempts'] as const

/** The retry policy the form's retry fields describe (`null`: the platform's default), or the problems of its fields. */
export function retryPolicyOf(form: EditForm): { policy: RetryPolicy | null } | { problems: Problems } {
  if (form.retry === '') return { policy: null }
  if (form.retry === 'fixed') {
    const delays = parseDelays(form.retryDelays)
    return typeof delays === 'string' ? { problems: { 'retry.delaysMs': delays } } : { policy: { preset: 'fixed', delaysMs: delays } }
  }
  if (form.retry !== 'exponential') return { policy: RetryPolicy.parse({ preset: form.retry }) }
  const problems: Problems = {}
  const wait = (text: string, key: string) => {
    const ms = parseDelays(text)
    if (typeof ms === 'string' || ms.length !== 1) problems[key] = typeof ms === 'string' ? ms : 'one wait, like 1s or 2m'
    return typeof ms === 'string' ? 0 : (ms[0] ?? 0)
  }
  const number = (text: string, key: string) => {
    const n = numberOf(text)
    if (n === undefined) problems[key] = 'must be a number'
    return n ?? 0
  }
  const policy = {
    preset: 'exponential' as const,
    baseMs: wait(form.retryBase, 'retry.baseMs'),
    factor: number(form.retryFactor, 'retry.factor'),
    capMs: wait(form.retryCap, 'retry.capMs'),
    jitter: number(form.retryJitter, 'retry.jitter'),
    maxAttempts: number(form.retryMaxAttempts, 'retry.maxAttempts'),
  }
  return Object.keys(problems).length > 0 ? { problems } : { policy }
}

/** An option's form value as the API takes it. */
function optionToSend(option: OptionInfo, value: string | string[]): unknown {
  if (Array.isArray(value)) return value
  if (option.kind === 'list') return splitList(value)
  // Emptied: back to the platform's default (null removes the option).
  return value.trim() === '' ? null : value
}

type Field = PatchField<EditForm>

/** A control whose value is the field's as it is. */
const asIs = (key: 'name' | 'url' | 'provider' | 'enabled' | 'paused' | 'ordered' | 'events'): Field => ({ from: [key], to: [key], read: (form) => reads(form[key]) })

/** Text that may be emptied: empty unsets the field. */
const unsetWhenEmpty = (key: 'secret' | 'previousSecret' | 'hmacHeader'): Field => ({ from: [key], to: ['signing', key], read: (form) => reads(form[key] === '' ? null : form[key]) })

/** Text read by `parse`, which says what is wrong with it instead. */
const parsed = (key: 'where' | 'headers', to: string[], parse: (text: string) => unknown[] | string): Field => ({
  from: [key],
  to,
  read: (form) => {
    const value = parse(form[key])
    return typeof value === 'string' ? cannotRead(to.join('.'), value) : reads(value)
  },
})

/** The subscription form's fields: which controls each reads and where its value goes in the patch. */
function subscriptionFields(options: OptionInfo[]): Field[] {
  return [
    asIs('name'),
    asIs('url'),
    asIs('provider'),
    asIs('enabled'),
    asIs('paused'),
    asIs('ordered'),
    asIs('events'),
    { from: ['filterEvents'], to: ['filters', 'events'], read: (form) => reads(form.filterEvents) },
    { from: ['environmentTypes'], to: ['filters', 'environmentTypes'], read: (form) => reads(splitList(form.environmentTypes)) },
    { from: ['projectNames'], to: ['filters', 'projectNames'], read: (form) => reads(splitList(form.projectNames)) },
    parsed('where', ['filters', 'where'], parseWhere),
    parsed('headers', ['headers'], parseHeaders),
    { from: ['scheme'], to: ['signing', 'scheme'], read: (form) => reads(form.scheme) },
    unsetWhenEmpty('secret'),
    unsetWhenEmpty('previousSecret'),
    unsetWhenEmpty('hmacHeader'),
    // A secret typed or generated in place of the current one is saved like any other field (after `secret`: it wins).
    { from: ['newSecret'], to: ['signing', 'secret'], read: (form) => (form.newSecret.trim() === '' ? undefined : reads(form.newSecret.trim())) },
    {
      from: ['previousSecretExpiresAt'],
      to: ['signing', 'previousSecretExpiresAt'],
      read: (form) => {
        if (form.previousSecretExpiresAt.trim() === '') return reads(null)
        const iso = isoOf(form.previousSecretExpiresAt)
        return iso ? reads(iso) : cannotRead('signing.previousSecretExpiresAt', 'must be a date and time')
      },
    },
    {
      from: RETRY_FIELDS,
      to: ['retry'],
      read: (form) => {
        const retry = retryPolicyOf(form)
        return 'problems' in retry ? { problems: retry.problems } : reads(retry.policy)
      },
    },
    {
      from: ['timeout'],
      to: ['timeoutMs'],
      read: (form) => {
        if (form.timeout.trim() === '') return reads(null)
        const seconds = numberOf(form.timeout)
        return seconds === undefined ? cannotRead('timeoutMs', 'must be a number of seconds') : reads(Math.round(seconds * 1000))
      },
    },
    {
      from: ['concurrency'],
      to: ['concurrency'],
      read: (form) => {
        const n = numberOf(form.concurrency)
        return n === undefined ? cannotRead('concurrency', 'must be a number') : reads(n)
      },
    },
    ...options.map(
      (option): Field => ({
        from: [`options.${option.key}`],
        to: ['options', option.key],
        read: (form) => {
          const value = form.options[option.key]
          return value === undefined ? undefined : reads(optionToSend(option, value))
        },
      }),
    ),
  ]
}

/** The editor field a schema issue belongs to. */
export function fieldOf(path: readonly PropertyKey[]): FieldKey {
  const [first, second] = path.map(String)
  if (!first) return 'subscription'
  return (first === 'signing' || first === 'filters' || first === 'options' || first === 'retry') && second ? `${first}.${second}` : first
}

/** The form's words for a scheme that signs left without a secret (the engine's say the same, without the buttons). */
export const NO_SECRET_PROBLEM = 'this scheme signs with a secret and none is set: type one or press Generate, or choose “none” to send unsigned'

/** A schema issue in the form's words. */
const messageOf = (issue: z.core.$ZodIssue) => (/signs with a secret and none is set/.test(issue.message) ? NO_SECRET_PROBLEM : plainMessage(issue))

/** The subscription form as the form-to-patch helper takes it, checked as the engine checks a draft. */
const subscriptionForm = (options: OptionInfo[]): PatchForm<EditForm, SubscriptionChanges> => ({
  schema: SubscriptionShape,
  patch: SubscriptionChanges,
  whole: SubscriptionDraft,
  fields: subscriptionFields(options),
  issueAt: fieldOf,
  message: messageOf,
})

/** The stored fields a patch applies to (no id or dates). */
export function fieldsOf(s: Subscription): Record<string, unknown> {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = s
  return fields
}

export type SubscriptionChanges = z.output<typeof SubscriptionChanges>
export type Checked = { ok: true; changes: SubscriptionChanges } | { ok: false; problems: Problems }

/**
 * The editor's changes as the patch Save sends: only the fields whose control changed, and of
 * those only what differs from what is stored (nested objects field by field), so everything
 * untouched stays as stored. Checked as the engine will check it: the patch by its schema, then
 * the subscription it makes by the draft schema (secrets for the scheme, the platform's options);
 * a new platform's options start from its defaults, as the engine starts them.
 */
export function checkEdit(s: Subscription, initial: EditForm, form: EditForm, options: OptionInfo[]): Checked {
  const fields = fieldsOf(s)
  const stored = form.provider !== s.provider ? { ...fields, options: {} } : fields
  const result = formPatch(subscriptionForm(options), stored, initial, form)
  return result.ok ? { ok: true, changes: result.changes } : result
}

/** What a new subscription starts from before the form's fields: the schema's defaults. */
const draftBase = (provider: SubscriptionProvider) => ({ name: '', url: '', provider, options: {} })

/**
 * A new subscription from the form, checked as the engine will check it: the fields that differ
 * from a blank form, over the schema's defaults (options left alone keep the platform's).
 */
export function checkCreate(form: EditForm, options: OptionInfo[]): { ok: true; draft: SubscriptionDraft } | { ok: false; problems: Problems } {
  const blank = emptyForm(form.provider, options, 'none', undefined)
  const result = formPatch<EditForm, SubscriptionDraft>(subscriptionForm(options), draftBase(form.provider), blank, form)
  return result.ok ? { ok: true, draft: result.merged } : result
}

/** The draft that recreates a deleted subscription with the same fields. */
export function draftOf(s: Subscription) {
  return SubscriptionDraft.safeParse(fieldsOf(s))
}

/**
 * One event list where a subscription had two (its events, and an event filter a scenario or an
 * older form set): the events both let through. Undefined when none would, which one list
 * cannot say (empty means every event).
 */
export function mergedEventList(events: string[], filterEvents: string[]): string[] | undefined {
  if (events.length === 0) return [...filterEvents]
  const both = events.filter((name) => filterEvents.includes(name))
  return both.length > 0 ? both : undefined
}

/** The events a subscription of this platform may pick: its catalog's, or every platform's for `any`. */
export function eventChoices(provider: string, catalog: CatalogEntry[]): { name: string; platform: string; firesWhen: string }[] {
  const entries = provider === 'any' ? catalog : catalog.filter((entry) => entry.id === provider)
  const seen = new Set<string>()
  const choices: { name: string; platform: string; firesWhen: string }[] = []
  for (const entry of entries) {
    for (const event of entry.events) {
      if (seen.has(event.name)) continue
      seen.add(event.name)
      choices.push({ name: event.name, platform: entry.title, firesWhen: event.firesWhen })
    }
  }
  return choices
}
