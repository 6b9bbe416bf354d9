import type { Document } from 'yaml'
import { STEP_KINDS, type StepKind } from '../../../../../shared/schemas/scenario'

/** A place in the file: keys and list indexes from the top (`['steps', 2, 'steps', 0]`). */
export type Path = (string | number)[]

/** A step as it is in the file, before validation (the form shows what is there, even when wrong). */
export type StepBody = Record<string, unknown>

/** One entry of a key/value field (context, vars, set, headers); `value` as in the file. */
export interface Entry {
  key: string
  value: unknown
}

export interface StepModel {
  /** Undefined when the step has none of the known kind keys. */
  kind: StepKind | undefined
  path: Path
  body: StepBody
  /** The nested list of a repeat, parallel or reorder. */
  children?: StepListModel
}

export interface StepListModel {
  path: Path
  steps: StepModel[]
  /** Only fire steps may be added (reorder). */
  fireOnly: boolean
}

export interface ScenarioModel {
  name: unknown
  description: unknown
  provider: unknown
  seed: unknown
  context: Entry[]
  vars: Entry[]
  endpoints: unknown[]
  subscriptions: unknown[]
  steps: StepListModel
  /** Every fire step id in the file, in file order, once each. */
  fireIds: string[]
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A map as entries; a list of `[name, value]` pairs (headers) too. */
export function entriesOf(value: unknown): Entry[] {
  if (isRecord(value)) return Object.entries(value).map(([key, item]) => ({ key, value: item }))
  if (Array.isArray(value)) return value.filter(Array.isArray).map(([key, item]) => ({ key: String(key ?? ''), value: item }))
  return []
}

export function kindOf(body: StepBody): StepKind | undefined {
  return STEP_KINDS.find((kind) => kind in body)
}

function stepModel(body: unknown, path: Path): StepModel {
  const step = isRecord(body) ? body : {}
  const kind = kindOf(step)
  const model: StepModel = { kind, path, body: step }
  if (kind === 'repeat' || kind === 'reorder') model.children = listModel(step.steps, [...path, 'steps'], kind === 'reorder')
  if (kind === 'parallel') model.children = listModel(step.parallel, [...path, 'parallel'], false)
  return model
}

function listModel(value: unknown, path: Path, fireOnly: boolean): StepListModel {
  const items = Array.isArray(value) ? value : []
  return { path, fireOnly, steps: items.map((item, i) => stepModel(item, [...path, i])) }
}

function* allSteps(list: StepListModel): Generator<StepModel> {
  for (const step of list.steps) {
    yield step
    if (step.children) yield* allSteps(step.children)
  }
}

/** What the form renders, read from the document as it is (nothing is validated here). */
export function readModel(doc: Document): ScenarioModel {
  const js: unknown = doc.toJS()
  const root = isRecord(js) ? js : {}
  const steps = listModel(root.steps, ['steps'], false)
  const fireIds = [...allSteps(steps)].flatMap((step) => (step.kind === 'fire' && typeof step.body.id === 'string' ? [step.body.id] : []))
  return {
    name: root.name,
    description: root.description,
    provider: root.provider,
    seed: root.seed,
    context: entriesOf(root.context),
    vars: entriesOf(root.vars),
    endpoints: Array.isArray(root.endpoints) ? root.endpoints : [],
    subscriptions: Array.isArray(root.subscriptions) ? root.subscriptions : [],
    steps,
    fireIds: [...new Set(fireIds)],
  }
}

/** The step at `path` in the model, if there is one. */
export function stepAt(list: StepListModel, path: Path): StepModel | undefined {
  for (const step of allSteps(list)) if (samePath(step.path, path)) return step
  return undefined
}

export const samePath = (a: Path, b: Path) => a.length === b.length && a.every((part, i) => part === b[i])
export const pathKey = (path: Path) => path.join('.')

// --- New steps ---------------------------------------------------------------------------------

export const EXPECT_KINDS = ['delivered', 'delivery', 'received', 'http'] as const
export type ExpectKind = (typeof EXPECT_KINDS)[number]

export function expectKindOf(expectation: unknown): ExpectKind | undefined {
  return isRecord(expectation) ? EXPECT_KINDS.find((kind) => kind in expectation) : undefined
}

/** A valid expectation of each kind to start from. */
export function newExpectation(kind: ExpectKind): Record<string, unknown> {
  if (kind === 'delivered') return { delivered: 'all' }
  if (kind === 'delivery') return { delivery: { within: '10s' } }
  if (kind === 'received') return { received: { endpoint: 'inbox', count: 1 } }
  return { http: { url: 'http://127.0.0.1:8080/health', status: 200 } }
}

/** What a new step starts from: the provider's first event, the file's first fire id, its cluster. */
export interface StepDefaults {
  event: string
  fireIds: string[]
  cluster: string
}

/** A sensible, valid body for a new step of `kind`; duplicate needs a fire step with an id. */
export function newStep(kind: StepKind, defaults: StepDefaults): StepBody | undefined {
  const fire = { fire: defaults.event }
  switch (kind) {
    case 'fire':
      return fire
    case 'wait':
      return { wait: '1s' }
    case 'heartbeat':
      return { heartbeat: 'stop', cluster: defaults.cluster }
    case 'repeat':
      return { repeat: 2, steps: [fire] }
    case 'parallel':
      return { parallel: [fire] }
    case 'duplicate':
      return defaults.fireIds[0] === undefined ? undefined : { duplicate: defaults.fireIds[0] }
    case 'reorder':
      return { reorder: 'reverse', steps: [fire, fire] }
    case 'expect':
      return { expect: newExpectation('delivered') }
    case 'http':
      return { http: { method: 'POST', url: 'http://127.0.0.1:3000/reset' } }
    case 'include':
      return { include: 'other-scenario.yaml' }
    case 'load':
      return { load: { fire: defaults.event, rate: '10/s', for: '10s' } }
  }
}

/** The defaults for new steps in this file: events of its provider (catalog order). */
export function stepDefaults(model: ScenarioModel, events: string[]): StepDefaults {
  const clusterId = model.context.find((entry) => entry.key === 'clusterId')?.value
  return { event: events[0] ?? 'deploy.succeeded', fireIds: model.fireIds, cluster: typeof clusterId === 'string' ? clusterId : 'prod-eu-1' }
}
