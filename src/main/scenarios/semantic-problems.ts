import { didYouMean } from '../../shared/did-you-mean'
import { ProviderId, platformOf } from '../../shared/platforms'
import type { ApiIssue } from '../../shared/result'
import { DEFAULT_ENDPOINT_NAME } from '../../shared/schemas/receiver'
import type { Scenario, ScenarioSubscription, Step } from '../../shared/schemas/scenario'
import { bodyReferenceProblems, faultProblems, fireViews, headerNamesOf, saveProblems, setProblems, signerHeaderClashes, subscriptionViews } from './fire-problems'
import { type Found, type Path, formatPath, isRecord, valueAt } from './problem-path'
import { explain } from './schema-problems'
import { mapStrings, referencesIn } from './references'
import { receiverEndpointOf } from './run/targets'

interface StepRef {
  id: string
  path: Path
  order: number
  kind?: string
  /** Brought in by an include: it may repeat (a file included twice); a reference finds the latest. */
  included?: boolean
}

export interface SemanticOptions {
  /** The built-in receiver's address (`${receiver}`): URLs under it name endpoints the file must declare. */
  receiver?: string
  /** The step ids an include step brings in (from its file), by the include step's path. */
  includedIds?: (path: Path) => Map<string, { kind: string }> | undefined
}

/** The kinds of step an id may name, for each way of referring to one. */
const FIRE_ONLY = ['fire']

/**
 * What the schema cannot see and a run would refuse or silently change: events against the catalog,
 * unique step ids and endpoint names, references to earlier steps and to the file's subscriptions,
 * controllers stopped before they were started, receiver endpoints the file never declares, `set:`
 * paths the payload does not have, headers a signer would overwrite, bodies on platforms that have
 * their own, signature faults no subscription's scheme can carry.
 */
export function semanticProblems(raw: unknown, options: SemanticOptions = {}): Found[] {
  if (!isRecord(raw)) return []
  const found: Found[] = []
  const defaultProvider = ProviderId.safeParse(raw.provider).data
  const ids: StepRef[] = []
  const refs: Array<StepRef & { kinds: string[] }> = []
  const subscriptionNames = new Set(subscriptionViews(raw).map((s) => s.name))
  const subscriptionRef = (name: unknown, path: Path) => {
    if (typeof name !== 'string' || subscriptionNames.has(name.trim())) return
    const names = [...subscriptionNames]
    found.push({ path, message: names.length === 0 ? `the file declares no subscriptions, so there is no "${name}" to name; declare it under subscriptions:` : `no subscription of the file is named "${name}"${didYouMean(name, names) || `; its subscriptions are ${names.join(', ')}`}` })
  }
  let order = 0
  eachStep(raw.steps, ['steps'], (step, path) => {
    order++
    const provider = providerOf(step.provider, defaultProvider)
    if (typeof step.fire === 'string') {
      found.push(...eventProblems(step.fire, provider, [...path, 'fire']), ...ownBodyProblems(step, provider, path))
    }
    if (isRecord(step.load) && typeof step.load.fire === 'string') {
      const loadProvider = providerOf(step.load.provider, defaultProvider)
      found.push(...eventProblems(step.load.fire, loadProvider, [...path, 'load', 'fire']), ...ownBodyProblems(step.load, loadProvider, [...path, 'load']))
    }
    const kind = ['fire', 'http', 'load'].find((k) => k in step)
    if (kind && typeof step.id === 'string') ids.push({ id: step.id, path: [...path, 'id'], order, kind })
    if (typeof step.include === 'string') {
      for (const [id, made] of options.includedIds?.([...path]) ?? []) ids.push({ id, path: [...path, 'include'], order, kind: made.kind, included: true })
    }
    if (typeof step.duplicate === 'string') refs.push({ id: step.duplicate, path: [...path, 'duplicate'], order, kinds: FIRE_ONLY })
    subscriptionRef(step.subscription, [...path, 'subscription'])
    const delivery = valueAt(step, ['expect', 'delivery', 'step'])
    if (typeof delivery === 'string') refs.push({ id: delivery, path: [...path, 'expect', 'delivery', 'step'], order, kinds: FIRE_ONLY })
    subscriptionRef(valueAt(step, ['expect', 'delivery', 'subscription']), [...path, 'expect', 'delivery', 'subscription'])
    subscriptionRef(valueAt(step, ['expect', 'subscription']), [...path, 'expect', 'subscription'])
  })
  const fires = fireViews(raw, (visit) => eachStep(raw.steps, ['steps'], visit))
  const subscriptions = subscriptionViews(raw)
  return [
    ...found,
    ...idProblems(ids, refs),
    ...endpointProblems(raw),
    ...subscriptionProblems(raw),
    ...heartbeatProblems(raw),
    ...undeclaredEndpoints(raw, options.receiver),
    ...setProblems(fires, subscriptions, raw.context),
    ...saveProblems(fires, subscriptions, raw.context),
    ...bodyReferenceProblems(fires, stepValueReferences(raw), subscriptions, raw.context),
    ...signerHeaderClashes(fires, subscriptions),
    ...faultProblems(fires, subscriptions),
  ]
}

const providerOf = (own: unknown, fallback: ProviderId | undefined) => (own === undefined ? fallback : ProviderId.safeParse(own).data)

/** `body:` and `template:` are a generic event's: every other platform builds its own payload. */
function ownBodyProblems(step: Record<string, unknown>, provider: ProviderId | undefined, path: Path): Found[] {
  if (provider === undefined || provider === 'generic') return []
  return ['body', 'template']
    .filter((key) => step[key] !== undefined)
    .map((key) => ({ path: [...path, key], atKey: true, message: `${key} is for generic events; ${provider} builds its own payload: change its values with set: (dot paths) or the context` }))
}

/** `heartbeat: stop` needs a `heartbeat: start` of the same cluster earlier in the file: the run's controllers are its own. */
function heartbeatProblems(raw: Record<string, unknown>): Found[] {
  const started = new Set<string>()
  const found: Found[] = []
  eachStep(raw.steps, ['steps'], (step, path) => {
    if (typeof step.cluster !== 'string') return
    if (step.heartbeat === 'start') started.add(step.cluster.trim())
    else if (step.heartbeat === 'stop' && !started.has(step.cluster.trim())) {
      found.push({
        path: [...path, 'heartbeat'],
        message: `the run never started a controller for ${step.cluster}, so there is none to stop: add "- heartbeat: start" with "cluster: ${step.cluster}" before this step`,
      })
    }
  })
  return found
}

/**
 * `${receiver}` ends with "/" (it is the receiver's root, `http://127.0.0.1:4781/`): a string that
 * adds one more sends to `//r/…`, which no receiver route answers. Checked in the file's own text.
 */
export function receiverSlashProblems(raw: unknown, path: Path = []): Found[] {
  if (typeof raw === 'string') {
    if (!raw.includes('${receiver}/')) return []
    return [{ path, message: `\${receiver} already ends with "/": write "${raw.replaceAll('${receiver}/', '${receiver}')}"` }]
  }
  if (Array.isArray(raw)) return raw.flatMap((item, i) => receiverSlashProblems(item, [...path, i]))
  if (isRecord(raw)) return Object.entries(raw).flatMap(([key, value]) => receiverSlashProblems(value, [...path, key]))
  return []
}

/** A subscription URL under `${receiver}r/` and every `received.endpoint` name an endpoint the file declares (or `inbox`). */
function undeclaredEndpoints(raw: Record<string, unknown>, receiver: string | undefined): Found[] {
  const declared = new Set([DEFAULT_ENDPOINT_NAME, ...(Array.isArray(raw.endpoints) ? raw.endpoints : []).flatMap((e: unknown) => (isRecord(e) && typeof e.name === 'string' ? [e.name.trim()] : []))])
  const hint = (name: string) => `the file declares no endpoint "${name}"${didYouMean(name, [...declared]) || `: add it under endpoints: (- name: ${name}), or send to ${DEFAULT_ENDPOINT_NAME}`}`
  const found: Found[] = []
  if (Array.isArray(raw.subscriptions)) {
    raw.subscriptions.forEach((s: unknown, i) => {
      const name = isRecord(s) && typeof s.url === 'string' ? receiverEndpointOf(s.url, receiver) : undefined
      if (name !== undefined && !declared.has(name)) found.push({ path: ['subscriptions', i, 'url'], message: hint(name) })
    })
  }
  eachStep(raw.steps, ['steps'], (step, path) => {
    const name = valueAt(step, ['expect', 'received', 'endpoint'])
    if (typeof name === 'string' && !declared.has(name)) found.push({ path: [...path, 'expect', 'received', 'endpoint'], message: hint(name) })
  })
  return found
}

/**
 * Headers a signer would overwrite, for the subscriptions a run really makes (`--to`, `--scheme`
 * and `--secret` may change their signing): the run refuses to start rather than send another value.
 */
export function signerHeaderProblems(scenario: Scenario, drafts: ScenarioSubscription[]): ApiIssue[] {
  const fires: Parameters<typeof signerHeaderClashes>[0] = []
  const walk = (steps: Step[], path: Path, provider: ProviderId) =>
    steps.forEach((step, i) => {
      const at = [...path, i]
      if ('fire' in step) fires.push({ path: at, provider: step.provider ?? provider, event: step.fire, context: step.context, set: step.set, headers: headerNamesOf(step.headers, [...at, 'headers']) })
      if ('load' in step) {
        const { load } = step
        fires.push({ path: [...at, 'load'], provider: load.provider ?? provider, event: load.fire, context: load.context, set: load.set, headers: headerNamesOf(load.headers, [...at, 'load', 'headers']) })
      }
      if ('steps' in step) walk(step.steps as Step[], [...at, 'steps'], provider)
      if ('parallel' in step) walk(step.parallel, [...at, 'parallel'], provider)
      if ('include' in step && step.story) walk(step.story.steps, [...at, 'include'], step.story.provider)
    })
  walk(scenario.steps, ['steps'], scenario.provider)
  const subscriptions = drafts.map((d, i) => ({ name: d.name, provider: d.provider ?? scenario.provider, options: d.options, signing: d.signing, enabled: d.enabled, headers: headerNamesOf(d.headers, ['subscriptions', i, 'headers']) }))
  return signerHeaderClashes(fires, subscriptions).map((f) => ({ path: formatPath(f.path), message: f.message }))
}

/** Each endpoint the run creates has a name of its own. */
function endpointProblems(raw: Record<string, unknown>): Found[] {
  if (!Array.isArray(raw.endpoints)) return []
  const first = new Map<string, Path>()
  return raw.endpoints.flatMap((endpoint: unknown, i): Found[] => {
    if (!isRecord(endpoint) || typeof endpoint.name !== 'string') return []
    const name = endpoint.name.trim()
    const path = ['endpoints', i, 'name']
    const earlier = first.get(name)
    if (earlier) return [{ path, message: `duplicate endpoint name "${name}" (first used at ${formatPath(earlier)})` }]
    first.set(name, path)
    return []
  })
}

/** Each `${…}` in the steps' own values (not in the steps nested in them, visited on their own), with where it is. */
function stepValueReferences(raw: Record<string, unknown>): Array<{ inner: string; path: Path }> {
  const found: Array<{ inner: string; path: Path }> = []
  eachStep(raw.steps, ['steps'], (step, path) => {
    const { steps: _nested, parallel: _branches, ...own } = step
    mapStrings(own, (text, at) => {
      if (text.includes('${')) for (const inner of referencesIn(text)) found.push({ inner, path: [...path, ...at] })
      return text
    })
  })
  return found
}

function eachStep(steps: unknown, path: Path, visit: (step: Record<string, unknown>, path: Path) => void): void {
  if (!Array.isArray(steps)) return
  steps.forEach((step, i) => {
    if (!isRecord(step)) return
    visit(step, [...path, i])
    eachStep(step.steps, [...path, i, 'steps'], visit)
    eachStep(step.parallel, [...path, i, 'parallel'], visit)
  })
}

function eventProblems(event: unknown, provider: ProviderId | undefined, path: Path): Found[] {
  if (typeof event !== 'string' || !provider || platformOf(provider).hasEvent(event.trim())) return []
  const names = platformOf(provider).events.map((e) => e.name)
  const hint = didYouMean(event, names) || `; its events are ${names.join(', ')}`
  return [{ path, message: `unknown event "${event}" for ${provider}${hint}` }]
}

function idProblems(ids: StepRef[], refs: Array<StepRef & { kinds: string[] }>): Found[] {
  const found: Found[] = []
  const first = new Map<string, StepRef>()
  for (const def of ids) {
    const earlier = first.get(def.id)
    if (earlier && !def.included && !earlier.included) found.push({ path: def.path, message: `duplicate step id "${def.id}" (first used at ${formatPath(earlier.path)})` })
    else if (!earlier) first.set(def.id, def)
  }
  for (const ref of refs) {
    const def = first.get(ref.id)
    if (!def) found.push({ path: ref.path, message: `unknown step id "${ref.id}"${didYouMean(ref.id, [...first.keys()]) || '; give the fire step an id'}` })
    else if (def.order > ref.order) found.push({ path: ref.path, message: `step "${ref.id}" comes later (${formatPath(def.path)}); refer to an earlier fire step` })
    else if (def.kind !== undefined && !ref.kinds.includes(def.kind)) found.push({ path: ref.path, message: `step "${ref.id}" (${formatPath(def.path)}) is a ${def.kind} step; this needs a ${ref.kinds.join(' or ')} step` })
  }
  return found
}

/** Subscription events exist for their platform; options fit the platform's options schema. */
function subscriptionProblems(raw: Record<string, unknown>): Found[] {
  if (!Array.isArray(raw.subscriptions)) return []
  return raw.subscriptions.flatMap((subscription: unknown, i) => {
    const provider = isRecord(subscription) ? ProviderId.safeParse(subscription.provider ?? raw.provider).data : undefined
    if (!provider || !isRecord(subscription)) return []
    const path = ['subscriptions', i]
    const events = Array.isArray(subscription.events) ? subscription.events : []
    const found = events.flatMap((event, j) => eventProblems(event, provider, [...path, 'events', j]))
    const options = platformOf(provider).parseOptions(subscription.options)
    if (!options.success) found.push(...options.error.issues.flatMap((issue) => explain(issue, raw, [...path, 'options'])))
    return found
  })
}
