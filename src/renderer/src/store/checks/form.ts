import type { z } from 'zod'
import type { ApiIssue } from '../../../../shared/result'
import { CheckOfSubscription, CheckOptions, type CheckStart } from '../../../../shared/schemas/check'
import { parseDuration } from '../../../../shared/schemas/scenario'
import { secretProblem } from '../../../../shared/schemas/secrets'
import type { SigningScheme } from '../../../../shared/schemas/signing'
import type { Subscription } from '../../../../shared/schemas/subscription'
import type { OptionInfo } from '../../../../shared/platforms/options'
import { type OptionValues, optionsToSend } from '../../forms/platform-options'

/**
 * The Check view's form: what its fields show, as text. `scheme: ''` is the platform's own
 * default, an empty `event` the default event, an empty `probe` no probe.
 */
export interface CheckForm {
  target: 'subscription' | 'url'
  subscriptionId: string
  /** The platform of a typed URL, or of a subscription that takes every platform's events. */
  provider: string
  url: string
  scheme: '' | SigningScheme
  secret: string
  event: string
  /** A duration: 30s, 5m, 1h. */
  tolerance: string
  probe: string
  /** The platform's options for a typed URL (what the option fields show); a subscription's are its own. */
  options: OptionValues
}
export type CheckField = keyof CheckForm
/** Problems by field; `form` is one about no single field. */
export type CheckErrors = Partial<Record<CheckField | 'form', string>>

export const INITIAL_FORM: CheckForm = { target: 'url', subscriptionId: '', provider: 'generic', url: '', scheme: '', secret: '', event: '', tolerance: '5m', probe: '', options: {} }

/** What the form needs to know of a platform (a catalog entry). */
export interface PlatformInfo {
  id: string
  title: string
  events: { name: string }[]
  defaultScheme: SigningScheme
  options?: OptionInfo[]
}

export type CheckStartResult = { ok: true; input: CheckStart } | { ok: false; errors: CheckErrors }

const MAX_TOLERANCE_MS = 86_400_000

/** Every scheme a platform can be checked with: its own secret header only where it has one. */
export function schemeChoices(platform: PlatformInfo | undefined): { value: '' | SigningScheme; label: string }[] {
  const own = 'Platform default'
  return [
    { value: '', label: own },
    { value: 'standard', label: 'Standard Webhooks' },
    { value: 'github', label: 'GitHub (X-Hub-Signature-256)' },
    { value: 'stripe', label: 'Stripe (Stripe-Signature)' },
    { value: 'hmac-sha256', label: 'HMAC-SHA256 of the body' },
    ...(platform?.defaultScheme === 'native' ? [{ value: 'native' as const, label: `${platform.title}'s secret header` }] : []),
    { value: 'none', label: 'None (unsigned)' },
  ]
}

/** The scheme the check will use: the chosen one, else the platform's own with a secret, else none. */
export function effectiveScheme(form: Pick<CheckForm, 'scheme' | 'secret'>, platform: PlatformInfo | undefined): SigningScheme {
  if (form.scheme !== '') return form.scheme
  return form.secret === '' ? 'none' : (platform?.defaultScheme ?? 'standard')
}

/** The form as a startCheck input, or what is wrong with each field, in the form's words. */
export function checkStartOf(form: CheckForm, subscriptions: Subscription[], platforms: PlatformInfo[]): CheckStartResult {
  const errors: CheckErrors = {}
  const toleranceMs = parseDuration(form.tolerance.trim())
  if (toleranceMs === undefined || toleranceMs < 1000 || toleranceMs > MAX_TOLERANCE_MS) errors.tolerance = 'Enter a duration like 30s, 5m or 1h (1 second to 24 hours).'
  const extras = {
    event: blankless(form.event),
    toleranceSec: toleranceMs === undefined ? undefined : Math.round(toleranceMs / 1000),
    probe: blankless(form.probe),
  }
  const result = form.target === 'subscription' ? subscriptionInput(form, subscriptions, extras, errors) : urlInput(form, platforms, extras, errors)
  return Object.keys(errors).length > 0 || !result ? { ok: false, errors } : { ok: true, input: result }
}

type Extras = { event?: string; toleranceSec?: number; probe?: string }

function subscriptionInput(form: CheckForm, subscriptions: Subscription[], extras: Extras, errors: CheckErrors): CheckStart | undefined {
  const subscription = subscriptions.find((s) => s.id === form.subscriptionId)
  if (!subscription) {
    errors.subscriptionId = form.subscriptionId === '' ? 'Choose the subscription to check.' : 'This subscription no longer exists: choose another.'
    return undefined
  }
  const { scheme, secret } = subscription.signing
  if (scheme !== 'none' && !secret) errors.subscriptionId = `It signs with the ${scheme} scheme but has no secret: set one in Subscriptions first.`
  if (subscription.provider === 'any' && form.provider === '') errors.provider = 'This subscription takes every platform\'s events: choose the one to check it as.'
  const parsed = CheckOfSubscription.safeParse({ subscriptionId: subscription.id, ...(subscription.provider === 'any' && { provider: form.provider }), ...defined(extras) })
  return collect(parsed, errors)
}

function urlInput(form: CheckForm, platforms: PlatformInfo[], extras: Extras, errors: CheckErrors): CheckStart | undefined {
  const platform = platforms.find((p) => p.id === form.provider)
  if (!platform) errors.provider = 'Choose the platform whose webhooks the endpoint receives.'
  const scheme = effectiveScheme(form, platform)
  if (scheme !== 'none' && form.secret === '') {
    errors.secret = 'Enter the secret your endpoint verifies with, or choose "None (unsigned)" as the scheme.'
  } else if (scheme !== 'none') {
    const problem = secretProblem(scheme, form.secret)
    if (problem) errors.secret = `This secret cannot be used: ${problem}.`
  }
  if (scheme === 'native' && platform?.defaultScheme !== 'native') errors.scheme = `${platform?.title ?? 'This platform'} sends no secret header of its own: choose another scheme.`
  const options = platform?.options?.length ? optionsToSend(platform.options, form.options) : undefined
  const parsed = CheckOptions.safeParse({
    url: form.url,
    provider: form.provider,
    ...(options && { options }),
    ...(form.scheme !== '' && { scheme: form.scheme }),
    ...(scheme !== 'none' && { secret: form.secret }),
    ...defined(extras),
  })
  return collect(parsed, errors)
}

/** Schema problems in the form's words: the schema's own say "Invalid option" or "must be an http:// URL". */
function collect<T extends CheckStart>(parsed: z.ZodSafeParseResult<T>, errors: CheckErrors): T | undefined {
  if (parsed.success) return parsed.data
  for (const [field, message] of Object.entries(errorsOfIssues(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))))) {
    const key = field as keyof CheckErrors
    errors[key] ??= FIELD_WORDS[key] ?? message
  }
  return undefined
}

/** What a field says when the schema refuses it. */
const FIELD_WORDS: CheckErrors = {
  url: "Enter the endpoint's URL, starting with http:// or https://.",
  probe: "Enter the probe's URL, starting with http:// or https://, or leave it empty.",
  provider: 'Choose the platform whose webhooks the endpoint receives.',
}

/** Issues (the engine's, or the schema's) as field errors; one about no field of the form is the form's. */
export function errorsOfIssues(issues: ApiIssue[]): CheckErrors {
  const errors: CheckErrors = {}
  for (const issue of issues) errors[FIELD_OF_PATH[issue.path] ?? 'form'] ??= sentence(issue.message)
  return errors
}

const FIELD_OF_PATH: Record<string, CheckField> = {
  url: 'url',
  provider: 'provider',
  event: 'event',
  scheme: 'scheme',
  secret: 'secret',
  toleranceSec: 'tolerance',
  probe: 'probe',
  subscriptionId: 'subscriptionId',
  options: 'options',
}

/** A message as a sentence: capital first, full stop last. */
export const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?:]$/.test(text) ? '' : '.'}`

const blankless = (text: string) => (text.trim() === '' ? undefined : text.trim())
const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>

/** The form after choosing another platform: an event and options of the old one and its own scheme do not carry over. */
export function withPlatform(form: CheckForm, provider: string): CheckForm {
  return { ...form, provider, event: '', options: {}, scheme: form.scheme === 'native' ? '' : form.scheme }
}

/** The form filled in for a subscription ("Check this endpoint"): what the user typed for a URL stays for later. */
export function forSubscription(form: CheckForm, subscription: Pick<Subscription, 'id' | 'provider'>): CheckForm {
  return { ...form, target: 'subscription', subscriptionId: subscription.id, event: '', ...(subscription.provider === 'any' && { provider: '' }) }
}

/** The event names to choose from, and what an empty choice sends. */
export function eventChoices(platform: PlatformInfo | undefined, subscription?: Subscription): { names: string[]; defaultName: string | undefined } {
  const names = platform?.events.map((e) => e.name) ?? []
  const listed = subscription && subscription.provider !== 'any' ? subscription.events[0] : undefined
  return { names, defaultName: listed ?? names[0] ?? (platform?.id === 'generic' ? 'deploy.succeeded' : undefined) }
}

/** The fields the form shows for its target (a subscription's platform only when it takes every platform's). */
export function visibleFields(form: CheckForm, subscription: Subscription | undefined): CheckField[] {
  const common: CheckField[] = ['target', 'event', 'tolerance', 'probe']
  if (form.target === 'url') return [...common, 'url', 'provider', 'scheme', 'secret', 'options']
  return [...common, 'subscriptionId', ...(subscription?.provider === 'any' ? (['provider'] as const) : [])]
}

/** Errors on fields the form does not show (the engine judging a subscription's secret) go to the form's own line. */
export function placeErrors(errors: CheckErrors, visible: CheckField[]): CheckErrors {
  const placed: CheckErrors = {}
  for (const [key, message] of Object.entries(errors) as [keyof CheckErrors, string][]) {
    const at = key !== 'form' && visible.includes(key) ? key : 'form'
    placed[at] = placed[at] ? `${placed[at]} ${message}` : message
  }
  return placed
}
