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
 * One step of a run's plan. Repeats are unrolled; a parallel list, a reorder group and a delayed
 * fire with the fire it waits for each become one `fire` action whose `order` says in which
 * order the group's deliveries are queued (its events still happen in story order).
 */
export type Action = { index: number; path: string; label: string } & (
  | { kind: 'fire'; fires: PlannedFire[]; order: number[]; oneAfterAnother: boolean }
  | { kind: 'wait'; ms: number }
  | { kind: 'heartbeat'; action: 'stop' | 'start'; cluster: string }
  | { kind: 'duplicate'; ref: string }
  | { kind: 'expect'; expectation: Expectation; previousFire?: number }
)

/** The scenario's steps as a flat list of actions, the same every time for the same seed. */
export function compileScenario(scenario: Scenario, seed: string | number): Action[] {
  const actions: Action[] = []
  const random = seededRandom(`reorder:${seed}`)
  const push = (action: Action) => actions.push(action)
  const index = () => actions.length
  let previousFire: number | undefined

  const fire = (fires: PlannedFire[], order: number[], oneAfterAnother: boolean, path: string) => {
    previousFire = actions.length
    push({ index: index(), kind: 'fire', path, label: fireLabel(fires, order), fires, order, oneAfterAnother })
  }
  const planned = (step: StepOf<'fire'>, path: string): PlannedFire => ({ step, provider: step.provider ?? scenario.provider, path })

  const walk = (steps: Step[], path: string) => {
    let held: PlannedFire[] = []
    steps.forEach((step, i) => {
      const at = `${path}[${i}]`
      if ('fire' in step && step.delay) {
        held.push(planned(step, at))
        return
      }
      if ('fire' in step) {
        // Held fires happen first in the story but are sent after this one has been delivered.
        const fires = [...held, planned(step, at)]
        fire(fires, [fires.length - 1, ...held.map((_, h) => h)], held.length > 0, at)
        held = []
        return
      }
      visit(step, at)
    })
    if (held.length > 0) fire(held, held.map((_, h) => h), false, `${path}[${steps.length - 1}]`)
  }

  const visit = (step: Step, path: string) => {
    const name = step.name
    switch (stepKind(step)) {
      case 'wait': {
        const { wait } = step as StepOf<'wait'>
        return push({ index: index(), kind: 'wait', path, label: name ?? `wait ${formatDuration(wait)}`, ms: wait })
      }
      case 'heartbeat': {
        const { heartbeat, cluster } = step as StepOf<'heartbeat'>
        return push({ index: index(), kind: 'heartbeat', path, label: name ?? `heartbeat ${heartbeat} ${cluster}`, action: heartbeat, cluster })
      }
      case 'duplicate': {
        const { duplicate } = step as StepOf<'duplicate'>
        return push({ index: index(), kind: 'duplicate', path, label: name ?? `duplicate ${duplicate}`, ref: duplicate })
      }
      case 'expect': {
        const { expect } = step as StepOf<'expect'>
        return push({ index: index(), kind: 'expect', path, label: name ?? `expect ${describeExpectation(expect)}`, expectation: expect, previousFire })
      }
      case 'repeat': {
        const { repeat, steps } = step as StepOf<'repeat'>
        for (let round = 1; round <= repeat; round++) walk(steps, `${path} (${round}/${repeat}) › steps`)
        return
      }
      case 'parallel': {
        const { parallel } = step as StepOf<'parallel'>
        const fires = parallel.flatMap((child, i) => ('fire' in child ? [planned(child, `${path}.parallel[${i}]`)] : []))
        if (fires.length > 0) fire(fires, fires.map((_, i) => i), false, path)
        parallel.forEach((child, i) => ('fire' in child ? undefined : visit(child, `${path}.parallel[${i}]`)))
        return
      }
      case 'reorder': {
        const { reorder, steps } = step as StepOf<'reorder'>
        const fires = steps.map((child, i) => planned(child, `${path}.steps[${i}]`))
        const order = fires.map((_, i) => i)
        fire(fires, reorder === 'reverse' ? order.reverse() : shuffle(order, random.next), false, path)
        return
      }
      case 'fire':
        return fire([planned(step as StepOf<'fire'>, path)], [0], false, path)
    }
  }

  walk(scenario.steps, 'steps')
  return actions
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

/** The run's step list before anything ran: one pending result per action. */
export const pendingSteps = (actions: Action[]): StepResult[] =>
  actions.map((action) => ({ index: action.index, path: action.path, kind: action.kind, label: action.label, status: 'pending', deliveryIds: [] }))
