/**
 * The subscription tools' pure logic (no React): the retry schedule a form shows, the filters a
 * preview sends, secret rotation, and the test event. Unit-tested; the views only render it.
 */
import type { CatalogEntry } from '../../../../shared/platforms/catalog'
import type { DeliverySummary } from '../../../../shared/schemas/delivery'
import type { FilterPreviewRequest } from '../../../../shared/schemas/filter-preview'
import { RetryPolicy, type RetryPreset } from '../../../../shared/schemas/retry-policy'
import { secretProblem } from '../../../../shared/schemas/secrets'
import type { SigningScheme } from '../../../../shared/schemas/signing'
import { type ScheduleSummary, describeSchedule } from '../../../../shared/retry-schedule'
import { type EditForm, parseWhere, retryPolicyOf, splitList } from './subscription-edit'

/** What the retry schedule shows: whose policy it is, and its attempts in numbers. */
export interface ShownSchedule {
  source: 'subscription' | 'preset' | 'platform' | 'form'
  summary: ScheduleSummary
}

/**
 * The policy a form's retry choice means: the stored policy while its preset is still chosen
 * (its own numbers), a preset's defaults once another is picked, the platform's when unset.
 * Undefined for `any` left unset: each platform then uses its own.
 */
export function shownSchedule(choice: RetryPreset | '', stored: RetryPolicy | undefined, platformDefault: RetryPolicy | undefined): ShownSchedule | undefined {
  if (choice === '') return platformDefault && { source: 'platform', summary: describeSchedule(platformDefault) }
  if (stored?.preset === choice) return { source: 'subscription', summary: describeSchedule(stored) }
  return { source: 'preset', summary: describeSchedule(RetryPolicy.parse({ preset: choice })) }
}

/**
 * The schedule a subscription form shows: its own numbers as typed (fixed waits, exponential
 * parameters) once they read as a policy, else as `shownSchedule` says.
 */
export function formSchedule(form: EditForm, stored: RetryPolicy | undefined, platformDefault: RetryPolicy | undefined): ShownSchedule | undefined {
  if (form.retry !== 'fixed' && form.retry !== 'exponential') return shownSchedule(form.retry, stored, platformDefault)
  const typed = retryPolicyOf(form)
  if (!('policy' in typed) || typed.policy === null) return shownSchedule(form.retry, stored, platformDefault)
  const policy = RetryPolicy.safeParse(typed.policy)
  if (!policy.success) return shownSchedule(form.retry, stored, platformDefault)
  const same = JSON.stringify(policy.data) === JSON.stringify(stored)
  return { source: same ? 'subscription' : 'form', summary: describeSchedule(policy.data) }
}

/** The preview request for the filters as typed; a sentence when the payload lines cannot be read yet. */
export function previewRequestOf(provider: FilterPreviewRequest['provider'], form: Pick<EditForm, 'events' | 'filterEvents' | 'environmentTypes' | 'projectNames' | 'where'>): FilterPreviewRequest | string {
  const where = parseWhere(form.where)
  if (typeof where === 'string') return where
  return {
    provider,
    events: form.events,
    filters: { events: form.filterEvents, environmentTypes: splitList(form.environmentTypes), projectNames: splitList(form.projectNames), where },
    limit: 200,
  }
}

/** The preview's rows grouped for reading: what would be sent, then what would not. */
export const FILTER_PART_LABEL: Record<string, string> = {
  events: 'Events to send',
  'filters.events': 'Only these events',
  'filters.environmentTypes': 'Environment types',
  'filters.projectNames': 'Project names',
  'filters.where': 'Payload matches',
}

// ---- Secret rotation ----

export { type RandomBytes, cryptoRandomBytes, generateSecret } from '../../../../shared/schemas/secrets'

/** How long the old secret keeps signing beside the new one. */
export type OverlapChoice = '1h' | '24h' | '7d' | 'custom'
export const OVERLAP_CHOICES: { value: OverlapChoice; label: string; hours?: number }[] = [
  { value: '1h', label: '1 hour', hours: 1 },
  { value: '24h', label: '24 hours', hours: 24 },
  { value: '7d', label: '7 days', hours: 168 },
  { value: 'custom', label: 'Custom…' },
]

/** The overlap in hours, or what is wrong with a custom one. */
export function overlapHoursOf(choice: OverlapChoice, customHours: string): number | string {
  const preset = OVERLAP_CHOICES.find((c) => c.value === choice)?.hours
  if (preset !== undefined) return preset
  const hours = Number(customHours)
  if (customHours.trim() === '' || !Number.isFinite(hours)) return 'the custom overlap must be a number of hours'
  if (hours <= 0) return 'the custom overlap must be more than 0 hours'
  if (hours > 24 * 365) return 'the custom overlap can be at most a year (8760 hours)'
  return hours
}

/** Why a typed or generated secret cannot be rotated in, in the form's words. */
export function nextSecretProblem(scheme: SigningScheme, next: string, current: string): string | undefined {
  if (scheme === 'none') return 'choose a signing scheme first: "none" signs nothing'
  if (next === '') return 'type the new secret or press Generate'
  if (next === current) return 'the new secret is the current one'
  return secretProblem(scheme, next)
}

/** First 16 hex of SHA-256, as the engine and the receiver show secrets (`secretFingerprint`). */
export async function fingerprintOf(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))
  return Array.from(new Uint8Array(digest).subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')
}

// ---- Test event ----

/** An event a test can send: the platform it belongs to and its name. */
export interface TestEventChoice {
  provider: string
  event: string
  label: string
}

/** The events a test of this subscription can fire: its platform's (every platform's for `any`), first one first. */
export function testEventChoices(provider: string, catalog: CatalogEntry[]): TestEventChoice[] {
  const entries = provider === 'any' ? catalog.filter((entry) => entry.events.length > 0) : catalog.filter((entry) => entry.id === provider)
  return entries.flatMap((entry) => entry.events.map((event) => ({ provider: entry.id, event: event.name, label: provider === 'any' ? `${entry.title}: ${event.name}` : event.name })))
}

/** What a test delivery came to, in a few words, once it is known. */
export function testOutcomeText(delivery: Pick<DeliverySummary, 'status' | 'attemptCount' | 'lastStatus' | 'lastError' | 'reason'>): string {
  const last = delivery.lastStatus !== undefined ? `HTTP ${delivery.lastStatus}` : delivery.lastError ? delivery.lastError.replace(/_/g, ' ') : undefined
  const tries = delivery.attemptCount === 1 ? '1 attempt' : `${delivery.attemptCount} attempts`
  switch (delivery.status) {
    case 'delivered':
      return `Delivered: ${last ?? 'answered'} after ${tries}`
    case 'failed':
      return `Failed after ${tries}${delivery.reason ? `: ${delivery.reason}` : last ? ` (last: ${last})` : ''}`
    case 'cancelled':
      return `Cancelled${delivery.reason ? `: ${delivery.reason}` : ''}`
    case 'retrying':
      return `Retrying: ${last ?? 'no answer'} on attempt ${delivery.attemptCount}`
    case 'held':
      return 'Held: the subscription is paused; it goes out on resume'
    default:
      return 'Sending…'
  }
}
