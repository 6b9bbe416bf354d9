import { formatDuration } from '../../shared/core/duration'
import { seededRandom } from '../../shared/core/seeded-random'
import type { ProviderId } from '../../shared/platforms'
import type { GenerateContext } from '../../shared/platforms/context'
import type { StepResult } from '../../shared/schemas/run'
import { type Expectation, type Scenario, type Step, type StepOf, stepKind } from '../../shared/schemas/scenario'
import { substitute } from './references'

/** One fire of a group: the file's step (its rounds filled in), the platform and the story facts it belongs to. */
export interface PlannedFire {
  step: StepOf<'fire'>
  provider: ProviderId
  path: string
  /** The facts of the included files it is in (over the scenario's, under the step's own). */
  context?: GenerateContext
}

type Probe = Extract<StepOf<'wait'>['wait'], { until: unknown }>

/**
 * One step of a run's plan. Repeats are unrolled (each round's `${i}` filled in) and included
 * files' steps put in place; a reorder group and a delayed fire with the fire it waits for each
 * become one `fire` action whose `order` says in which order the group's deliveries are queued
 * (its events still happen in story order).
 */
export type Action = { index: number; path: string; label: string } & (
  | { kind: 'fire'; fires: PlannedFire[]; order: number[]; oneAfterAnother: boolean }
  | { kind: 'wait'; ms: number; until?: undefined }
  | { kind: 'wait'; until: Probe['until']; timeoutMs: number; ms?: undefined }
  | { kind: 'heartbeat'; action: 'stop' | 'start'; cluster: string }
  | { kind: 'duplicate'; ref: string; subscription?: string }
  | { kind: 'expect'; expectation: Expectation; previousFire?: number }
  | { kind: 'http'; step: StepOf<'http'> }
  | { kind: 'load'; load: StepOf<'load'>['load']; id?: string; provider: ProviderId; context?: GenerateContext }
)
export type ActionOf<K extends Action['kind']> = Extract<Action, { kind: K }>

/**
 * How the actions run: in sequence, except a `parallel` step, whose branches (any steps, nested)
 * run side by side on the story clock; the step ends when its longest branch does.
 */
export type PlanNode = { kind: 'step'; index: number } | { kind: 'parallel'; branches: PlanNode[][] }

export interface Plan {
  /** Every step of the run, in file order (its index is the step's index in the run). */
  actions: Action[]
  root: PlanNode[]
}

/** The rounds in scope (`i`, `as:` names) and an included file's planned vars: their values in this round. */
type Env = Readonly<Record<string, unknown>>

/** Where steps are: the provider and facts of the file they are written in. */
interface Place {
  provider: ProviderId
  context?: GenerateContext
  env: Env
}

/** A step with this round's values filled in (`${i}` → 3); values that flow stay for the run. */
function inRound<T>(value: T, env: Env): T {
  if (Object.keys(env).length === 0) return value
  return substitute(value, (inner) => (Object.hasOwn(env, inner) ? { value: env[inner] } : undefined)) as T
}

/** The scenario's steps as actions in file order, the same every time for the same seed. */
export function compileScenario(scenario: Scenario, seed: string | number): Action[] {
  return compilePlan(scenario, seed).actions
}

/** The scenario's plan: its actions (repeats unrolled, includes in place) and how they run (sequences, parallel branches). */
export function compilePlan(scenario: Scenario, seed: string | number): Plan {
  const actions: Action[] = []
  const random = seededRandom(`reorder:${seed}`)
  let previousFire: number | undefined

  const add = (action: Action): PlanNode => {
    actions.push(action)
    return { kind: 'step', index: action.index }
  }
  const fire = (fires: PlannedFire[], order: number[], oneAfterAnother: boolean, path: string): PlanNode => {
    previousFire = actions.length
    return add({ index: actions.length, kind: 'fire', path, label: fireLabel(fires, order), fires, order, oneAfterAnother })
  }
  const planned = (step: StepOf<'fire'>, path: string, place: Place): PlannedFire => {
    const concrete = inRound(step, place.env)
    return { step: concrete, provider: concrete.provider ?? place.provider, path, ...(place.context && { context: place.context }) }
  }

  /** A list of steps in sequence: a delayed fire joins the next fire of the list as one group. */
  const walk = (steps: Step[], path: (i: number) => string, place: Place): PlanNode[] => {
    const nodes: PlanNode[] = []
    let held: PlannedFire[] = []
    steps.forEach((step, i) => {
      const at = path(i)
      if ('fire' in step && step.delay) {
        held.push(planned(step, at, place))
        return
      }
      if ('fire' in step) {
        // Held fires happen first in the story but are sent after this one has been delivered.
        const fires = [...held, planned(step, at, place)]
        nodes.push(fire(fires, [fires.length - 1, ...held.map((_, h) => h)], held.length > 0, at))
        held = []
        return
      }
      nodes.push(...visit(step, at, place))
    })
    if (held.length > 0) nodes.push(fire(held, held.map((_, h) => h), false, path(steps.length - 1)))
    return nodes
  }

  const visit = (written: Step, path: string, place: Place): PlanNode[] => {
    const kind = stepKind(written)
    // Nested steps get their rounds as they are visited; a leaf step gets them now.
    const step = kind === 'repeat' || kind === 'parallel' || kind === 'include' || kind === 'reorder' ? written : inRound(written, place.env)
    const name = kind === 'repeat' || kind === 'parallel' || kind === 'include' ? inRound(step.name, place.env) : step.name
    const index = actions.length
    switch (kind) {
      case 'wait': {
        const { wait } = step as StepOf<'wait'>
        if (typeof wait === 'number') return [add({ index, kind: 'wait', path, label: name ?? `wait ${formatDuration(wait)}`, ms: wait })]
        const label = name ?? `wait until ${wait.until.method} ${wait.until.url} → ${wait.until.status} (at most ${formatDuration(wait.timeout)})`
        return [add({ index, kind: 'wait', path, label, until: wait.until, timeoutMs: wait.timeout })]
      }
      case 'heartbeat': {
        const { heartbeat, cluster } = step as StepOf<'heartbeat'>
        return [add({ index, kind: 'heartbeat', path, label: name ?? `heartbeat ${heartbeat} ${cluster}`, action: heartbeat, cluster })]
      }
      case 'duplicate': {
        const { duplicate, subscription } = step as StepOf<'duplicate'>
        const label = name ?? `duplicate ${duplicate}${subscription ? ` to ${subscription}` : ''}`
        return [add({ index, kind: 'duplicate', path, label, ref: duplicate, ...(subscription !== undefined && { subscription }) })]
      }
      case 'expect': {
        const { expect } = step as StepOf<'expect'>
        return [add({ index, kind: 'expect', path, label: name ?? `expect ${describeExpectation(expect)}`, expectation: expect, previousFire })]
      }
      case 'http': {
        const http = step as StepOf<'http'>
        return [add({ index, kind: 'http', path, label: name ?? `http ${http.http.method} ${http.http.url}`, step: http })]
      }
      case 'load': {
        const { load, id } = step as StepOf<'load'>
        const label = name ?? `load ${load.fire} at ${+load.rate.toFixed(2)}/s for ${formatDuration(load.for)}`
        return [add({ index, kind: 'load', path, label, load, ...(id !== undefined && { id }), provider: load.provider ?? place.provider, ...(place.context && { context: place.context }) })]
      }
      case 'repeat': {
        const { repeat, as, steps } = step as StepOf<'repeat'>
        const nodes: PlanNode[] = []
        for (let round = 1; round <= repeat; round++) {
          const env = { ...place.env, i: round, ...(as !== undefined && { [as]: round }) }
          nodes.push(...walk(steps, (i) => `${path} (${round}/${repeat}) › steps[${i}]`, { ...place, env }))
        }
        return nodes
      }
      case 'parallel': {
        const { parallel } = step as StepOf<'parallel'>
        return [{ kind: 'parallel', branches: parallel.map((child, i) => walk([child], () => `${path}.parallel[${i}]`, place)) }]
      }
      case 'reorder': {
        const { reorder, steps } = step as StepOf<'reorder'>
        const fires = steps.map((child, i) => planned(child, `${path}.steps[${i}]`, place))
        const order = fires.map((_, i) => i)
        return [fire(fires, reorder === 'reverse' ? order.reverse() : shuffle(order, random.next), false, path)]
      }
      case 'include': {
        const include = step as StepOf<'include'>
        const story = include.story
        if (!story) return []
        // The included file sees only what `with:` gives it, this round's values filled in.
        const values = inRound(include.with, place.env)
        const env = Object.fromEntries(story.plannedVars.map((name) => [name, values[name]]))
        const context = { ...place.context, ...story.context }
        return walk(story.steps, (i) => `${path} › ${story.file} › steps[${i}]`, { provider: story.provider, context, env })
      }
      case 'fire':
        return [fire([planned(step as StepOf<'fire'>, path, place)], [0], false, path)]
    }
  }

  const root = walk(scenario.steps, (i) => `steps[${i}]`, { provider: scenario.provider, env: {} })
  return { actions, root }
}

/** Fisher–Yates with the run's seeded generator, so `random` is the same order every run. */
function shuffle(items: number[], next: () => number): number[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

function fireLabel(fires: PlannedFire[], order: number[]): string {
  const names = order.map((i) => describeFire(fires[i]!))
  return names.length === 1 ? `fire ${names[0]}` : `fire ${names.join(', then ')}`
}

function describeFire({ step }: PlannedFire): string {
  const name = step.name ? `${step.fire} (${step.name})` : step.fire
  if (step.tamper) return `${name} [${step.tamper}]`
  return step.drop ? `${name} [dropped]` : name
}

export function describeExpectation(expectation: Expectation): string {
  if ('delivered' in expectation) return `delivered: all${expectation.subscription ? ` to ${expectation.subscription}` : ''}`
  if ('delivery' in expectation) {
    const { step, subscription, status, within, attempts, under, json, headers } = expectation.delivery
    return [
      `delivery${step ? ` of ${step}` : ''}${subscription ? ` to ${subscription}` : ''} ${status ?? 'succeeded'}${within !== undefined ? ` within ${formatDuration(within)}` : ''}`,
      attempts !== undefined && `in ${attempts} attempt${attempts === 1 ? '' : 's'}`,
      under !== undefined && `answered under ${formatDuration(under)}`,
      json && `answer ${Object.keys(json).join(', ')}`,
      headers && `headers ${Object.keys(headers).join(', ')}`,
    ]
      .filter(Boolean)
      .join(', ')
  }
  if ('received' in expectation) {
    const { endpoint, event, count } = expectation.received
    return `received ${count} ${event ?? 'request'}(s) at ${endpoint ?? 'inbox'}`
  }
  const { method, url, status, stay } = expectation.http
  return `${method} ${url} → ${status}${stay !== undefined ? ` for ${formatDuration(stay)}` : ''}`
}

/** The step id a report names an action by: its one fire's `id`, an http or load step's. */
function idOf(action: Action): string | undefined {
  if (action.kind === 'http') return action.step.id
  if (action.kind === 'load') return action.id
  if (action.kind !== 'fire') return undefined
  const ids = action.fires.flatMap((fire) => (fire.step.id ? [fire.step.id] : []))
  return ids.length === 1 ? ids[0] : undefined
}

/** The run's step list before anything ran: one pending result per action. */
export const pendingSteps = (actions: Action[]): StepResult[] =>
  actions.map((action) => {
    const id = idOf(action)
    return { index: action.index, path: action.path, kind: action.kind, label: action.label, status: 'pending', deliveryIds: [], ...(id !== undefined && { id }) }
  })
