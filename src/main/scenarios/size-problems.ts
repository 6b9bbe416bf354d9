import { Duration, Rate, RepeatStep } from '../../shared/schemas/scenario'
import { MAX_NESTING, MAX_STORY_MS, MAX_STORY_TEXT, MAX_UNROLLED_STEPS } from '../../shared/schemas/scenario-limits'
import { type Found, type Path, isRecord } from './problem-path'

/** What a step costs a run: the steps it unrolls to and the story time its waits take. */
interface Size {
  steps: number
  storyMs: number
}

interface Limit {
  measure: (size: Size) => number
  max: number
  /** The problem, given the whole scenario's measure and this step's. */
  message: (whole: number, here: number) => string
}

/**
 * Scenarios a run can hold: at most MAX_UNROLLED_STEPS steps once repeats are multiplied out, a
 * story of at most MAX_STORY_MS, repeat and parallel nested at most MAX_NESTING deep. Works on the
 * file as written (malformed steps count as one step of no time; the schema reports them), so the
 * limits hold before anything is planned, at validation and again when a saved run is resumed.
 */
export function sizeProblems(raw: unknown, included: WeakMap<object, unknown[]> = new WeakMap()): Found[] {
  if (!isRecord(raw) || !Array.isArray(raw.steps)) return []
  const sizes = new Map<unknown, Size>()
  const childSteps = (step: Record<string, unknown>) => innerSteps(step, included)
  const sizeOf = (step: unknown): Size => {
    let size = sizes.get(step)
    if (!size) sizes.set(step, (size = measureStep(step, sizeOf, childSteps)))
    return size
  }
  const steps: unknown[] = raw.steps
  return [
    ...nestingProblems(steps, ['steps'], 1, childSteps),
    ...[stepsLimit(JSON.stringify(steps).includes('"load":')), STORY_LIMIT].flatMap((limit) => {
      const found = overLimit(steps, ['steps'], limit, sizeOf, childSteps)
      return found ? [found] : []
    }),
  ]
}

/** Steps, and the requests of load steps (rate × for each), count towards one bound. */
const stepsLimit = (loads: boolean): Limit => ({
  measure: (size) => size.steps,
  max: MAX_UNROLLED_STEPS,
  message: (whole, here) =>
    loads
      ? `the scenario unrolls to ${count(whole)} steps and load requests once repeats are multiplied out (a load step counts each request it sends: rate × for)${fromHere(whole, here, (n) => `${count(n)} of them`)}; a run has at most ${count(MAX_UNROLLED_STEPS)} in all. Lower the repeat counts or a load's rate or duration, or split the story into several scenarios`
      : `the scenario unrolls to ${count(whole)} steps once repeats are multiplied out${fromHere(whole, here, (n) => `${count(n)} of them`)}; a run has at most ${count(MAX_UNROLLED_STEPS)} steps. Lower the repeat counts, or split the story into several scenarios`,
})

const STORY_LIMIT: Limit = {
  measure: (size) => size.storyMs,
  max: MAX_STORY_MS,
  message: (whole, here) =>
    `the story's waits add up to ${years(whole)} once repeats are multiplied out (waits in parallel counted one after another)${fromHere(whole, here, (n) => `${years(n)} of it`)}; a story lasts at most ${MAX_STORY_TEXT}. Shorten the waits or lower the repeat counts`,
}

const fromHere = (whole: number, here: number, format: (n: number) => string) => (here < whole ? ` (${format(here)} from this step)` : '')

type Children = (step: Record<string, unknown>) => Inner | undefined

function measureStep(step: unknown, sizeOf: (step: unknown) => Size, childSteps: Children): Size {
  if (!isRecord(step)) return { steps: 1, storyMs: 0 }
  const inner = childSteps(step)
  if (isRecord(step.load)) return loadSize(step.load)
  if (!inner) return { steps: 1, storyMs: 'wait' in step ? waitMs(step.wait) : 0 }
  const sum = inner.list.reduce<Size>((total, child) => add(total, sizeOf(child)), { steps: 0, storyMs: 0 })
  const times = inner.kind === 'repeat' ? repeatCount(step.repeat) : 1
  return { steps: sum.steps * times, storyMs: sum.storyMs * times }
}

/**
 * Where the scenario goes over the limit: the deepest step that alone goes over it (a repeat
 * inside repeats), else the step at which the running total does.
 */
function overLimit(steps: unknown[], path: Path, limit: Limit, sizeOf: (step: unknown) => Size, childSteps: Children): Found | undefined {
  const whole = steps.reduce<number>((total, step) => total + limit.measure(sizeOf(step)), 0)
  if (whole <= limit.max) return undefined
  let running = 0
  for (const [i, step] of steps.entries()) {
    const here = limit.measure(sizeOf(step))
    running += here
    if (running <= limit.max) continue
    const at = here > limit.max ? deepestOver(step, [...path, i], limit, sizeOf, childSteps) : { step, path: [...path, i] }
    return { path: pointAt(at.step, at.path), message: limit.message(whole, limit.measure(sizeOf(at.step))) }
  }
  return undefined
}

function deepestOver(step: unknown, path: Path, limit: Limit, sizeOf: (step: unknown) => Size, childSteps: Children): { step: unknown; path: Path } {
  const inner = isRecord(step) ? childSteps(step) : undefined
  // Inside an included file, the problem is shown at the include (the file is the other one's).
  if (inner?.kind === 'include') return { step, path }
  const over = inner?.list.findIndex((child) => limit.measure(sizeOf(child)) > limit.max) ?? -1
  return over === -1 ? { step, path } : deepestOver(inner!.list[over], [...path, inner!.key, over], limit, sizeOf, childSteps)
}

/** Repeats and parallel groups nested deeper than MAX_NESTING: the outermost step too deep, per branch. */
function nestingProblems(steps: unknown[], path: Path, depth: number, childSteps: Children, at?: Path): Found[] {
  return steps.flatMap((step, i) => {
    const inner = isRecord(step) ? childSteps(step) : undefined
    if (!inner || !isRecord(step) || inner.kind === 'reorder') return []
    // An included file's steps nest inside the include, which is itself no level; its problems show at the include.
    if (inner.kind === 'include') return nestingProblems(inner.list, [], depth, childSteps, at ?? [...path, i, 'include'])
    if (depth > MAX_NESTING) {
      return [{ path: at ?? [...path, i, inner.kind], message: `${inner.kind} is nested ${depth} deep here (repeat and parallel inside each other${at ? ', in included files too' : ''}); at most ${MAX_NESTING}. Flatten the story, e.g. one repeat with a larger count` }]
    }
    return nestingProblems(inner.list, [...path, i, inner.key], depth + 1, childSteps, at)
  })
}

interface Inner {
  list: unknown[]
  key: 'steps' | 'parallel' | 'include'
  kind: 'repeat' | 'parallel' | 'reorder' | 'include'
}

/** The steps inside a repeat, parallel or reorder step, or those an include brings in. */
function innerSteps(step: Record<string, unknown>, included: WeakMap<object, unknown[]>): Inner | undefined {
  if (Array.isArray(step.parallel)) return { list: step.parallel, key: 'parallel', kind: 'parallel' }
  if (Array.isArray(step.steps)) return { list: step.steps, key: 'steps', kind: 'reorder' in step ? 'reorder' : 'repeat' }
  const brought = typeof step.include === 'string' ? included.get(step) : undefined
  if (brought) return { list: brought, key: 'include', kind: 'include' }
  return undefined
}

/** A load step: each request it sends counts as a step; it takes its `for` of story time. */
function loadSize(load: Record<string, unknown>): Size {
  const rate = Rate.safeParse(load.rate).data
  const forMs = waitMs(load.for)
  return { steps: rate === undefined ? 1 : Math.max(1, Math.ceil((rate * forMs) / 1000)), storyMs: forMs }
}

/** A repeat's count points at its `repeat:` value, where the fix goes. */
const pointAt = (step: unknown, path: Path): Path => (isRecord(step) && 'repeat' in step ? [...path, 'repeat'] : path)

const add = (a: Size, b: Size): Size => ({ steps: a.steps + b.steps, storyMs: a.storyMs + b.storyMs })

/** A count the schema takes; anything else it reports, and counts once here. */
const repeatCount = (value: unknown) => RepeatStep.shape.repeat.safeParse(value).data ?? 1

/** A wait the schema takes; a malformed or overlong one is reported by the schema and takes no time here. */
const waitMs = (value: unknown) => Duration.safeParse(value).data ?? 0

const count = (n: number) => (n < 1e15 ? Math.round(n).toString().replace(/\B(?=(\d{3})+$)/g, ',') : `about ${n.toPrecision(2)}`)

function years(ms: number): string {
  const hours = Math.round(ms / 3_600_000)
  return `${count(Math.round(hours / (365 * 24)))} years (${count(hours)}h)`
}
