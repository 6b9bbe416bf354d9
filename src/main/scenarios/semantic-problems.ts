import { didYouMean } from '../../shared/did-you-mean'
import { ProviderId, platformOf } from '../../shared/platforms'
import { type Found, type Path, formatPath, isRecord, valueAt } from './problem-path'
import { explain } from './schema-problems'

interface StepRef {
  id: string
  path: Path
  order: number
}

/** Events against the catalog, unique step ids and endpoint names, references to earlier fire steps. */
export function semanticProblems(raw: unknown): Found[] {
  if (!isRecord(raw)) return []
  const found: Found[] = []
  const defaultProvider = ProviderId.safeParse(raw.provider).data
  const ids: StepRef[] = []
  const refs: StepRef[] = []
  let order = 0
  eachStep(raw.steps, ['steps'], (step, path) => {
    order++
    if (typeof step.fire === 'string') {
      const provider = step.provider === undefined ? defaultProvider : ProviderId.safeParse(step.provider).data
      found.push(...eventProblems(step.fire, provider, [...path, 'fire']))
      if (typeof step.id === 'string') ids.push({ id: step.id, path: [...path, 'id'], order })
    }
    if (typeof step.duplicate === 'string') refs.push({ id: step.duplicate, path: [...path, 'duplicate'], order })
    const delivery = valueAt(step, ['expect', 'delivery', 'step'])
    if (typeof delivery === 'string') refs.push({ id: delivery, path: [...path, 'expect', 'delivery', 'step'], order })
  })
  return [...found, ...idProblems(ids, refs), ...endpointProblems(raw), ...subscriptionProblems(raw)]
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

function idProblems(ids: StepRef[], refs: StepRef[]): Found[] {
  const found: Found[] = []
  const first = new Map<string, StepRef>()
  for (const def of ids) {
    const earlier = first.get(def.id)
    if (earlier) found.push({ path: def.path, message: `duplicate step id "${def.id}" (first used at ${formatPath(earlier.path)})` })
    else first.set(def.id, def)
  }
  for (const ref of refs) {
    const def = first.get(ref.id)
    if (!def) found.push({ path: ref.path, message: `unknown step id "${ref.id}"${didYouMean(ref.id, [...first.keys()]) || '; give the fire step an id'}` })
    else if (def.order > ref.order) found.push({ path: ref.path, message: `step "${ref.id}" comes later (${formatPath(def.path)}); refer to an earlier fire step` })
  }
  return found
}

/** Subscription events exist for their platform; options fit the platform's options schema. */
function subscriptionProblems(raw: Record<string, unknown>): Found[] {
  if (!Array.isArray(raw.subscriptions)) return []
  return raw.subscriptions.flatMap((subscription: unknown, i) => {
    const provider = isRecord(subscription) ? ProviderId.safeParse(subscription.provider).data : undefined
    if (!provider || !isRecord(subscription)) return []
    const path = ['subscriptions', i]
    const events = Array.isArray(subscription.events) ? subscription.events : []
    const found = events.flatMap((event, j) => eventProblems(event, provider, [...path, 'events', j]))
    const options = platformOf(provider).parseOptions(subscription.options)
    if (!options.success) found.push(...options.error.issues.flatMap((issue) => explain(issue, raw, [...path, 'options'])))
    return found
  })
}
