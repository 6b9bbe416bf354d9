import { seededRandom } from '../../shared/core/seeded-random'
import type { ProviderId } from '../../shared/platforms'
import { type Expectation, type Scenario, type Step, type StepOf, stepKind } from '../../shared/schemas/scenario'
import type { StepResult } from '../../shared/schemas/run'
import { formatDuration } from '../../shared/core/duration'

/** One fire of a group: the file's step and the platform it belongs to. */
export interface PlannedFire {
  step: StepOf<'fire'>
  provider: ProviderId
  path: string
}

/**
 * One step of a run's plan. Repeats are unrolled; a reorder group and a delayed fire with the
 * fire it waits for each become one `fire` action whose `order` says in which order the group's
 * deliveries are queued (its events still happen in story order).
 */
export type Action = { index: number; path: string; label: string } & (
  | { kind: 'fire'; fires: PlannedFire[]; order: number[]; oneAfterAnother: boolean }
  | { kind: 'wait'; ms: number }
  | { kind: 'heartbeat'; action: 'stop' | 'start'; cluster: string }
  | { kind: 'duplicate'; ref: string }
  | { kind: 'expect'; expectation: Expectation; previousFire?: number }
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

/** The scenario's steps as actions in file order, the same every time for the same seed. */
export function compileScenario(scenario: Scenario, seed: string | number): Action[] {
  return compilePlan(scenario, seed).actions
}

/** The scenario's plan: its actions (repeats unrolled) and how they run (sequences, parallel branches). */
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
  const planned = (step: StepOf<'fire'>, path: string): PlannedFire => ({ step, provider: step.provider ?? scenario.provider, path })

  /** A list of steps in sequence: a delayed fire joins the next fire of the list as one group. */
  const walk = (steps: Step[], path: (i: number) => string): PlanNode[] => {
    const nodes: PlanNode[] = []
    let held: PlannedFire[] = []
    steps.forEach((step, i) => {
      const at = path(i)
      if ('fire' in step && step.delay) {
        held.push(planned(step, at))
        return
      }
      if ('fire' in step) {
        // Held fires happen first in the story but are sent after this one has been delivered.
        const fires = [...held, planned(step, at)]
        nodes.push(fire(fires, [fires.length - 1, ...held.map((_, h) => h)], held.length > 0, at))
        held = []
        return
      }
      nodes.push(...visit(step, at))
    })
    if (held.length > 0) nodes.push(fire(held, held.map((_, h) => h), false, path(steps.length - 1)))
    return nodes
  }

  const visit = (step: Step, path: string): PlanNode[] => {
    const name = step.name
    switch (stepKind(step)) {
      case 'wait': {
        const { wait } = step as StepOf<'wait'>
        return [add({ index: actions.length, kind: 'wait', path, label: name ?? `wait ${formatDuration(wait)}`, ms: wait })]
      }
      case 'heartbeat': {
        const { heartbeat, cluster } = step as StepOf<'heartbeat'>
        return [add({ index: actions.length, kind: 'heartbeat', path, label: name ?? `heartbeat ${heartbeat} ${cluster}`, action: heartbeat, cluster })]
      }
      case 'duplicate': {
        const { duplicate } = step as StepOf<'duplicate'>
        return [add({ index: actions.length, kind: 'duplicate', path, label: name ?? `duplicate ${duplicate}`, ref: duplicate })]
      }
      case 'expect': {
        const { expect } = step as StepOf<'expect'>
        return [add({ index: actions.length, kind: 'expect', path, label: name ?? `expect ${describeExpectation(expect)}`, expectation: expect, previousFire })]
      }
      case 'repeat': {
        const { repeat, steps } = step as StepOf<'repeat'>
        const nodes: PlanNode[] = []
        for (let round = 1; round <= repeat; round++) nodes.push(...walk(steps, (i) => `${path} (${round}/${repeat}) › steps[${i}]`))
        return nodes
      }
      case 'parallel': {
        const { parallel } = step as StepOf<'parallel'>
        return [{ kind: 'parallel', branches: parallel.map((child, i) => walk([child], () => `${path}.parallel[${i}]`)) }]
      }
      case 'reorder': {
        const { reorder, steps } = step as StepOf<'reorder'>
        const fires = steps.map((child, i) => planned(child, `${path}.steps[${i}]`))
        const order = fires.map((_, i) => i)
        return [fire(fires, reorder === 'reverse' ? order.reverse() : shuffle(order, random.next), false, path)]
      }
      case 'fire':
        return [fire([planned(step as StepOf<'fire'>, path)], [0], false, path)]
    }
  }

  const root = walk(scenario.steps, (i) => `steps[${i}]`)
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
  return step.drop ? `${name} [dropped]` : name
}

export function describeExpectation(expectation: Expectation): string {
  if ('delivered' in expectation) return 'delivered: all'
  if ('delivery' in expectation) {
    const { step, status, within } = expectation.delivery
    return `delivery${step ? ` of ${step}` : ''} ${status ?? 'succeeded'}${within !== undefined ? ` within ${formatDuration(within)}` : ''}`
  }
  if ('received' in expectation) {
    const { endpoint, event, count } = expectation.received
    return `received ${count} ${event ?? 'request'}(s) at ${endpoint ?? 'inbox'}`
  }
  return `${expectation.http.method} ${expectation.http.url} → ${expectation.http.status}`
}

/** The fire step id a report names an action by: its one fire's `id`, when it has one. */
function idOf(action: Action): string | undefined {
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
