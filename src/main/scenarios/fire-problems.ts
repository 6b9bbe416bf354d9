import { readPath, splitPath } from '../../shared/core/json-path'
import { didYouMean } from '../../shared/did-you-mean'
import { ProviderId, platformOf } from '../../shared/platforms'
import { GenerateContext } from '../../shared/platforms/context'
import { type GeneratedEvent, generateEvent } from '../../shared/platforms/generate'
import type { Result } from '../../shared/result'
import { SignatureFault } from '../../shared/schemas/signature-fault'
import { SigningScheme, signerHeaderNames } from '../../shared/schemas/signing'
import { FAULT_SCHEMES } from '../signing/faults'
import { type Found, type Path, isRecord } from './problem-path'
import { parseReference } from './references'

/** A subscription of the file as far as these checks need it (raw, as written; or as a run makes it). */
interface SubscriptionView {
  name: string
  provider: string
  options: unknown
  signing: { scheme: string; hmacHeader?: string }
  /** A disabled subscription takes nothing. */
  enabled?: boolean
  /** Its own `headers:`, each with where it is in the file (when known). */
  headers: Array<{ name: string; path: Path }>
}

/** A fire step as far as these checks need it. */
interface FireView {
  path: Path
  provider: string | undefined
  event: string
  context: unknown
  set: Record<string, unknown> | undefined
  headers: Array<{ name: string; path: Path }>
  /** `tamper:` as written. */
  tamper?: unknown
  /** `save:` as written. */
  save?: unknown
  /** `id:` as written. */
  id?: string
}

/** `{ X-Team: infra }` or `[[X-Team, infra]]`, with where each name is. */
export function headerNamesOf(headers: unknown, path: Path): Array<{ name: string; path: Path }> {
  if (Array.isArray(headers)) return headers.flatMap((pair, i) => (Array.isArray(pair) && typeof pair[0] === 'string' ? [{ name: pair[0], path: [...path, i, 0] }] : []))
  if (isRecord(headers)) return Object.keys(headers).map((name) => ({ name, path: [...path, name] }))
  return []
}

/** The headers a subscription's signer writes, whatever the file puts there. */
function signerHeadersOf(subscription: SubscriptionView): string[] {
  const scheme = SigningScheme.safeParse(subscription.signing.scheme)
  if (!scheme.success) return []
  const provider = ProviderId.safeParse(subscription.provider)
  let secretHeaders: string[] = []
  try {
    secretHeaders = provider.success ? platformOf(provider.data).secretHeaders(subscription.options) : []
  } catch {
    // Options the schema refuses are reported there.
  }
  return signerHeaderNames(scheme.data, { hmacHeader: subscription.signing.hmacHeader, secretHeaders })
}

/**
 * A header the file sets that a signer would overwrite: the step's (or the subscription's own)
 * value would silently never be sent. Signed headers are the signer's; a subscription signed with
 * `none` sends whatever the file says.
 */
export function signerHeaderClashes(fires: FireView[], subscriptions: SubscriptionView[]): Found[] {
  const found: Found[] = []
  const signed = subscriptions.map((subscription) => ({ subscription, names: new Set(signerHeadersOf(subscription).map((n) => n.toLowerCase())) }))
  const clash = (header: { name: string; path: Path }, subscription: SubscriptionView) =>
    found.push({
      path: header.path,
      atKey: true,
      message: `"${header.name}" is written by the ${subscription.signing.scheme} signer of subscription "${subscription.name}", which would replace this value: leave the header to the signer (a subscription signed with scheme none sends yours)`,
    })
  for (const fire of fires) {
    for (const header of fire.headers) {
      const by = signed.find(({ subscription, names }) => names.has(header.name.toLowerCase()) && reaches(subscription, fire))
      if (by) clash(header, by.subscription)
    }
  }
  for (const { subscription, names } of signed) for (const header of subscription.headers) if (names.has(header.name.toLowerCase())) clash(header, subscription)
  return found
}

const reaches = (subscription: SubscriptionView, fire: FireView) => subscription.provider === 'any' || fire.provider === undefined || subscription.provider === fire.provider

/**
 * `set:` paths that are not in the payload a subscription receives (or values its schema refuses),
 * checked as the run will: in each format the file's subscriptions of that platform select, or
 * the platform's default when none does.
 */
export function setProblems(fires: FireView[], subscriptions: SubscriptionView[], scenarioContext: unknown): Found[] {
  const found: Found[] = []
  for (const fire of fires) {
    const set = knownSet(fire)
    if (!set || Object.keys(set).length === 0) continue
    const formats = generatedFormats(fire, subscriptions, scenarioContext)
    const seen = new Set<string>()
    for (const { name, generated } of formats) {
      if (generated.ok) continue
      for (const issue of generated.error.issues ?? [{ path: '(root)', message: generated.error.message }]) {
        const key = Object.keys(set).find((k) => issue.path === k || issue.path.startsWith(`${k}.`))
        const message = `${issue.path}: ${issue.message}${name !== undefined && formats.length > 1 ? ` (in the payload subscription "${name}" receives)` : ''}`
        if (seen.has(message)) continue
        seen.add(message)
        found.push(key === undefined ? { path: [...fire.path, 'set'], message } : { path: [...fire.path, 'set', key], message, atKey: true })
      }
    }
  }
  return found
}

/** The `set:` values known when the file is read: those with `${i}`, `${steps.…}` are checked when their fire is made. */
const knownSet = (fire: FireView) => fire.set && Object.fromEntries(Object.entries(fire.set).filter(([, value]) => !holdsReference(value)))

/**
 * The fire's payload generated as the run will (with its known `set:` values), once per format
 * the file's subscriptions of its platform select (`name`: that subscription), or in the
 * platform's default when none does. None when the step names no event of a known platform or
 * its context is refused: those are said elsewhere.
 */
function generatedFormats(fire: FireView, subscriptions: SubscriptionView[], scenarioContext: unknown): Array<{ name: string | undefined; generated: Result<GeneratedEvent> }> {
  const provider = ProviderId.safeParse(fire.provider)
  const context = GenerateContext.safeParse({ ...(isRecord(scenarioContext) ? scenarioContext : {}), ...(isRecord(fire.context) ? fire.context : {}) })
  if (!provider.success || !context.success || !platformOf(provider.data).hasEvent(fire.event)) return []
  const set = knownSet(fire)
  const formats = subscriptions.filter((s) => s.provider === provider.data).map((s) => ({ options: isRecord(s.options) ? s.options : {}, name: s.name }))
  return (formats.length > 0 ? formats : [{ options: {}, name: undefined }]).map(({ options, name }) => ({
    name,
    generated: generateEvent({ provider: provider.data, event: fire.event, seed: 'validate', context: context.data, options, set, nowMs: 0 }),
  }))
}

/**
 * `save: { name: body.<path> }` of a path the platform's payload does not have: the step would
 * fail at every run. Checked against the payload as generated for each format the file's
 * subscriptions of that platform select, and said only when no format has it. A generic event's
 * body is the file's own (its `body:` or template), and is checked when it is sent.
 */
export function saveProblems(fires: FireView[], subscriptions: SubscriptionView[], scenarioContext: unknown): Found[] {
  const found: Found[] = []
  for (const fire of fires) {
    const saves = isRecord(fire.save) ? Object.entries(fire.save).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].startsWith('body.') && !entry[1].includes('${')) : []
    const bodies = saves.length > 0 ? platformBodies(fire, subscriptions, scenarioContext) : []
    for (const [name, saved] of saves) {
      const missing = missingFrom(fire, bodies, saved.slice('body.'.length))
      if (missing) found.push({ path: [...fire.path, 'save', name], message: missing })
    }
  }
  return found
}

/**
 * `${steps.<id>.body.<path>}` of a path the payload of the fire step `<id>` does not have, checked
 * as `save:` is. Said only when the id names one fire step of the file.
 */
export function bodyReferenceProblems(fires: FireView[], references: Array<{ inner: string; path: Path }>, subscriptions: SubscriptionView[], scenarioContext: unknown): Found[] {
  const found: Found[] = []
  const bodies = new Map<FireView, unknown[]>()
  for (const { inner, path } of references) {
    const ref = parseReference(inner)
    if ('problem' in ref || ref.kind !== 'step' || ref.part !== 'body' || ref.path === '' || ref.path.includes('${')) continue
    const [fire, ...others] = fires.filter((f) => f.id === ref.id)
    if (!fire || others.length > 0) continue
    if (!bodies.has(fire)) bodies.set(fire, platformBodies(fire, subscriptions, scenarioContext))
    const missing = missingFrom(fire, bodies.get(fire)!, ref.path)
    if (missing) found.push({ path, message: `\${${inner}}: ${missing}` })
  }
  return found
}

/** The bodies a platform's fire step sends, one per format; none for a generic event (its body is the file's own) or one that cannot be made. */
function platformBodies(fire: FireView, subscriptions: SubscriptionView[], scenarioContext: unknown): unknown[] {
  if (fire.provider === 'generic') return []
  return generatedFormats(fire, subscriptions, scenarioContext).flatMap(({ generated }) => {
    const body = generated.ok ? jsonOf(generated.data.body) : undefined
    return body === undefined ? [] : [body]
  })
}

/** Why `path` is not in the fire's bodies, when none of them has it. */
function missingFrom(fire: FireView, bodies: unknown[], path: string): string | undefined {
  const missing = bodies.filter((body) => !readPath(body, path).found)
  if (missing.length === 0 || missing.length < bodies.length) return undefined
  return `the ${fire.event} payload has no ${path} ${whatIsThere(missing[0], path)}`
}

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The fields at the deepest part of `path` the body has, to pick from. */
function whatIsThere(body: unknown, path: string): string {
  const keys = splitPath(path)
  let at = body
  let depth = 0
  while (depth < keys.length - 1 && isRecord(at) && Object.hasOwn(at, keys[depth]!)) at = at[keys[depth++]!]
  const where = depth === 0 ? 'the payload' : keys.slice(0, depth).join('.')
  if (!isRecord(at)) return `(${where} is not an object)`
  const names = Object.keys(at)
  return `(${where} has ${names.join(', ')})${didYouMean(keys[depth]!, names)}`
}

/** The raw file's fire steps (any depth) and subscriptions, for the checks above. */
export function fireViews(raw: Record<string, unknown>, eachStep: (visit: (step: Record<string, unknown>, path: Path) => void) => void): FireView[] {
  const defaultProvider = typeof raw.provider === 'string' ? raw.provider : undefined
  const fires: FireView[] = []
  eachStep((step, path) => {
    if (typeof step.fire !== 'string') return
    fires.push({
      path,
      provider: typeof step.provider === 'string' ? step.provider : defaultProvider,
      event: step.fire.trim(),
      context: step.context,
      set: isRecord(step.set) ? step.set : undefined,
      headers: headerNamesOf(step.headers, [...path, 'headers']),
      tamper: step.tamper,
      save: step.save,
      ...(typeof step.id === 'string' && { id: step.id }),
    })
  })
  return fires
}

/** A value holding a `${…}` that is not written out literally (`$${`). */
const holdsReference = (value: unknown): boolean => JSON.stringify(value ?? null).replace(/\$\$\{/g, '').includes('${')

/**
 * A `tamper:` that no subscription it reaches can carry (a stale timestamp to a scheme without
 * one): the step would fail at once, whatever the app does. Fires that reach only subscriptions
 * outside the file are checked when they are sent.
 */
export function faultProblems(fires: FireView[], subscriptions: SubscriptionView[]): Found[] {
  const found: Found[] = []
  for (const fire of fires) {
    const fault = SignatureFault.safeParse(fire.tamper)
    if (!fault.success) continue
    const reached = subscriptions.filter((s) => s.enabled !== false && reaches(s, fire))
    if (reached.length === 0) continue
    const { applies, needs } = FAULT_SCHEMES[fault.data]
    const unfit = reached.filter((s) => !SigningScheme.safeParse(s.signing.scheme).success || !applies(SigningScheme.parse(s.signing.scheme)))
    if (unfit.length === reached.length) {
      found.push({ path: [...fire.path, 'tamper'], message: `${fault.data} needs ${needs}; ${unfit.map((s) => `"${s.name}" signs with ${s.signing.scheme}`).join(', ')}: give it a signing: { scheme, secret }` })
    }
  }
  return found
}

export function subscriptionViews(raw: Record<string, unknown>): SubscriptionView[] {
  if (!Array.isArray(raw.subscriptions)) return []
  return raw.subscriptions.flatMap((s: unknown, i): SubscriptionView[] => {
    if (!isRecord(s)) return []
    const signing = isRecord(s.signing) && typeof s.signing.scheme === 'string' ? { scheme: s.signing.scheme, ...(typeof s.signing.hmacHeader === 'string' && { hmacHeader: s.signing.hmacHeader }) } : { scheme: 'none' }
    // A subscription without a provider takes the scenario's.
    const provider = typeof s.provider === 'string' ? s.provider : typeof raw.provider === 'string' ? raw.provider : ''
    return [{ name: typeof s.name === 'string' ? s.name.trim() : `subscriptions[${i}]`, provider, options: s.options ?? {}, signing, enabled: s.enabled !== false, headers: headerNamesOf(s.headers, ['subscriptions', i, 'headers']) }]
  })
}
