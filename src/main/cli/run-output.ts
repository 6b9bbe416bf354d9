import type { AttemptSummary, DeliveryStatus, DeliverySummary } from '../../shared/schemas/delivery'
import { type RunSummary, type StepResult, type StepStatus, isStepDone, runDeliveryCount } from '../../shared/schemas/run'
import { createSystemClock, type Clock } from '../core/clock'
import { describeAttempt } from './attempt-lines'
import { formatDuration } from '../../shared/core/duration'

export type Write = (text: string) => void

/** What `hookbench run` tells as a scenario runs: plain lines, JSON lines, or a live block on a terminal. */
export interface RunReporter {
  /** The run's record changed (it is saved after every step change). */
  run(run: RunSummary): void
  /** A run as it stands before this command goes on with it (a resumed run): its ended steps are not news. */
  known?(run: RunSummary): void
  /** A delivery changed; `attempt` is the attempt it just made, when that is the change. */
  delivery(delivery: DeliverySummary, attempt?: AttemptSummary): void
  /** Every run has ended. */
  finish(runs: RunSummary[]): void
}

export interface RunCounts {
  steps: number
  /** Distinct deliveries the run made (a duplicate step sends one again, it is not a new one). */
  deliveries: number
  /** `notJudged`: expectations that could not be judged where the run sent (said so, and skipped). */
  expectations: { passed: number; total: number; notJudged: number }
}

/** For logs and pipes: a line per step as it ends, a line per attempt, a summary per run. */
export function plainReporter(write: Write): RunReporter {
  const changes = stepChanges()
  return {
    known: (run) => void changes(run),
    run(run) {
      for (const step of changes(run)) write(`${stepLine(run, step)}\n`)
    },
    delivery(delivery, attempt) {
      if (attempt) write(`  ${delivery.id} ${delivery.event} → ${attempt.url}  ${describeAttempt(attempt)}\n`)
    },
    finish(runs) {
      for (const run of runs) write(summaryLines(run).map((line) => `${line}\n`).join(''))
    },
  }
}

/** `--json`: one object a line, `step` as each ends and `attempt` as each is made, `run` for each run at the end. */
export function jsonReporter(write: Write): RunReporter {
  const changes = stepChanges()
  const line = (value: object) => write(`${JSON.stringify(value)}\n`)
  return {
    known: (run) => void changes(run),
    run(run) {
      for (const step of changes(run)) line({ type: 'step', runId: run.id, total: run.steps.length, ...step })
    },
    delivery(delivery, attempt) {
      if (attempt) line({ type: 'attempt', ...attemptRecord(delivery, attempt) })
    },
    finish(runs) {
      for (const run of runs) line({ type: 'run', ...withoutSecret(run), counts: runCounts(run) })
    },
  }
}

/** `[3/12] fire rollout-failed … passed (2 deliveries)` */
export function stepLine(run: RunSummary, step: StepResult): string {
  const message = step.message ? `: ${step.message}` : ''
  const deliveries = step.deliveryIds.length ? ` (${plural(step.deliveryIds.length, 'delivery', 'deliveries')})` : ''
  return `[${step.index + 1}/${run.steps.length}] ${step.label} … ${step.status}${message}${deliveries}`
}

/**
 * `passed: 12 steps, 9 deliveries, 3/3 expectations (name)`, then why it did not pass: the failed
 * steps, and each failed delivery no expectation asked for.
 */
export function summaryLines(run: RunSummary): string[] {
  const { steps, deliveries, expectations } = runCounts(run)
  const counts = [plural(steps, 'step'), plural(deliveries, 'delivery', 'deliveries')]
  if (expectations.total) counts.push(`${expectations.passed}/${expectations.total} ${expectations.total === 1 ? 'expectation' : 'expectations'}`)
  if (expectations.notJudged) counts.push(`${expectations.notJudged} not judged`)
  const reason = run.status !== 'passed' && run.reason ? [`  ${run.reason}`] : []
  const failed = run.steps.filter((step) => step.status === 'failed').map((step) => `  ${stepLine(run, step)}`)
  const unexpected = run.failures.map((f) => `  ✗ delivery ${f.deliveryId} failed and no expectation asked for it: ${f.message}`)
  return [`${run.status}: ${counts.join(', ')} (${run.scenarioName})`, ...reason, ...failed, ...unexpected]
}

export function runCounts(run: RunSummary): RunCounts {
  const expectations = run.steps.filter((step) => step.kind === 'expect')
  return {
    steps: run.steps.length,
    deliveries: runDeliveryCount(run),
    expectations: {
      passed: expectations.filter((step) => step.status === 'passed').length,
      total: expectations.length,
      notJudged: expectations.filter((step) => step.status === 'skipped').length,
    },
  }
}

/**
 * Returns, for each new record of a run, the steps that have ended since the last (each once per
 * ending). A run reports every step, so this looks at each step by its index, with no text keys.
 */
function stepChanges(): (run: RunSummary) => StepResult[] {
  const seen = new Map<string, Array<StepStatus | undefined>>()
  return (run) => {
    let statuses = seen.get(run.id)
    if (!statuses) seen.set(run.id, (statuses = []))
    const changed: StepResult[] = []
    for (const step of run.steps) {
      if (statuses[step.index] === step.status) continue
      if (!isStepDone(step) && step.status !== 'interrupted') continue
      statuses[step.index] = step.status
      changed.push(step)
    }
    return changed
  }
}

/** What the event stream tells of an attempt (no request headers: Qovery and CharlesCD send the secret itself in one). */
function attemptRecord(delivery: DeliverySummary, attempt: AttemptSummary) {
  const { response, ...rest } = attempt
  return {
    runId: delivery.runId,
    deliveryId: delivery.id,
    event: delivery.event,
    subscription: delivery.subscriptionName,
    deliveryStatus: delivery.status,
    ...rest,
    response: response && { status: response.status, bodyBytes: response.bodyBytes },
  }
}

/** A run as JSON output shows it: the `--secret` it was given stays out. */
export function withoutSecret(run: RunSummary): RunSummary {
  const { secret: _secret, ...options } = run.options
  return { ...run, options }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

// ---------------------------------------------------------------------------------------------
// Live block for a terminal

export interface LiveOptions {
  /** Terminal width; lines are cut to fit. */
  columns?: number
  /** Terminal height; the step list is windowed around the current step to fit. */
  rows?: number
  /** Drives the redraw throttle (tests pass a fake one). */
  clock?: Clock
}

/** At most one redraw per this many milliseconds; changes in between are drawn together. */
export const REDRAW_INTERVAL_MS = 100

const GLYPHS: Readonly<Record<StepStatus, string>> = {
  pending: '○',
  running: '…',
  passed: '✓',
  failed: '✗',
  skipped: '–',
  cancelled: '–',
  interrupted: '‖',
}

const COUNTERS: Readonly<Record<DeliveryStatus, string>> = {
  queued: 'in flight',
  held: 'in flight',
  sending: 'in flight',
  retrying: 'retrying',
  delivered: 'delivered',
  failed: 'failed',
  cancelled: 'cancelled',
}

/** For a terminal: the current run's steps and deliveries, redrawn in place; the plain summary at the end. */
export function liveReporter(write: Write, { columns = 80, rows = 24, clock = createSystemClock() }: LiveOptions = {}): RunReporter {
  let current: RunSummary | undefined
  const deliveries = new Map<string, DeliverySummary>()
  let drawnLines = 0
  let lastDrawMs = -Infinity
  let cancelRedraw: (() => void) | undefined
  let finished = false

  const draw = () => {
    cancelRedraw = undefined
    lastDrawMs = clock.now()
    const lines = liveBlock(current, [...deliveries.values()], rows, columns)
    write(`${erase(drawnLines)}${lines.map((line) => `${line}\n`).join('')}`)
    drawnLines = lines.length
  }
  const changed = () => {
    if (finished || cancelRedraw) return
    const waitMs = lastDrawMs + REDRAW_INTERVAL_MS - clock.now()
    if (waitMs <= 0) draw()
    else cancelRedraw = clock.after(waitMs, draw)
  }

  return {
    run(run) {
      current = run
      changed()
    },
    delivery(delivery) {
      deliveries.set(delivery.id, delivery)
      changed()
    },
    finish(runs) {
      finished = true
      cancelRedraw?.()
      write(`${erase(drawnLines)}${runs.flatMap(summaryLines).map((line) => `${line}\n`).join('')}`)
      drawnLines = 0
    },
  }
}

/** Cursor up over the last block, then clear to the end of the screen (`\x1b[0A` would still move one line). */
function erase(lines: number): string {
  return lines > 0 ? `\x1b[${lines}A\x1b[J` : ''
}

/**
 * The current run's header, steps and delivery counters (deliveries of other runs left out), each
 * line made to fit the width: on a narrow terminal the header is the scenario's name, a step keeps
 * its glyph and both ends of its label (`✗ expect rec…at inbox`), the counters become `…0 ↻1 ✓5 ✗0`.
 */
function liveBlock(run: RunSummary | undefined, deliveries: DeliverySummary[], rows: number, columns: number): string[] {
  const counters = deliveryLine(deliveries.filter(({ runId }) => runId === undefined || runId === run?.id), run, columns)
  if (!run) return [counters]
  const header = fitFirst([`${run.scenarioName} · run ${run.id} · seed ${run.seed}`, run.scenarioName], columns)
  // Header and counters take two lines; one more stays free so the block never scrolls the screen.
  return [header, ...stepLines(run.steps, Math.max(3, rows - 3), columns), counters]
}

function stepLines(steps: StepResult[], room: number, columns: number): string[] {
  const line = (step: StepResult) => {
    const head = ` ${GLYPHS[step.status]} `
    const failure = step.status === 'failed' && step.message ? ` — ${step.message}` : ''
    return fitFirst([`${head}${step.label}${failure}`, `${head}${step.label}`], columns, head)
  }
  if (steps.length <= room) return steps.map(line)
  const shown = room - 2
  const focus = steps.findIndex((step) => step.status === 'running' || step.status === 'pending')
  const from = Math.min(Math.max(0, (focus < 0 ? steps.length : focus) - 1), steps.length - shown)
  const to = from + shown
  const before = from ? [fit(` ⋮ ${from} before`, columns)] : []
  const after = to < steps.length ? [fit(` ⋮ ${steps.length - to} more`, columns)] : []
  return [...before, ...steps.slice(from, to).map(line), ...after]
}

const COUNTER_GLYPHS: Readonly<Record<string, string>> = { 'in flight': '…', retrying: '↻', delivered: '✓', failed: '✗', cancelled: '–' }

/**
 * `0 in flight, 2 retrying (next in 30 s), 5 delivered, 1 failed`: the counters of deliveries by
 * status (a run's next retry in its story time); `…0 ↻2 ✓5 ✗1` where that does not fit.
 */
function deliveryLine(deliveries: DeliverySummary[], run: RunSummary | undefined, columns: number): string {
  const counts = new Map<string, number>(['in flight', 'retrying', 'delivered', 'failed'].map((name) => [name, 0]))
  for (const { status } of deliveries) counts.set(COUNTERS[status], (counts.get(COUNTERS[status]) ?? 0) + 1)
  const due = deliveries.flatMap(({ status, dueAt }) => (status === 'retrying' && dueAt !== undefined ? [dueAt] : []))
  // A run's retries wait in its story time; other deliveries' on the wall clock.
  const next = due.length === 0 ? '' : run ? ` (next in ${formatDuration(Math.max(0, Math.min(...due) - run.storyMs))})` : ` (next ${clockTime(Math.min(...due))})`
  const words = (withNext: boolean) => [...counts].map(([name, n]) => `${n} ${name}${name === 'retrying' && withNext ? next : ''}`).join(', ')
  const compact = [...counts].map(([name, n]) => `${COUNTER_GLYPHS[name] ?? name}${n}`).join(' ')
  return fitFirst([words(true), words(false), compact], columns)
}

/** Local `HH:MM:SS`. */
export function clockTime(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8)
}

/**
 * One line of the block, cut one column short of the width (a line that fills it exactly wraps early
 * on some terminals); control characters become spaces, or a line break or escape in a label or
 * message would throw off the count of lines to erase.
 */
function fit(line: string, columns: number): string {
  const chars = Array.from(line, (char) => (isControl(char) ? ' ' : char))
  const room = Math.max(1, columns - 1)
  return chars.length <= room ? chars.join('') : `${chars.slice(0, room - 1).join('')}…`
}

/**
 * The first of `forms` that fits; else the last, cut in the middle after `keep` (a glyph), so both
 * what the line starts with and how it ends stay in sight: `✗ expect rec…at inbox`.
 */
function fitFirst(forms: string[], columns: number, keep = ''): string {
  const room = Math.max(1, columns - 1)
  const clean = (text: string) => Array.from(text, (char) => (isControl(char) ? ' ' : char))
  for (const form of forms) if (clean(form).length <= room) return clean(form).join('')
  const last = clean(forms.at(-1)!)
  const head = clean(keep).length
  const body = last.slice(head)
  const space = room - head - 1
  if (space < 2) return fit(last.join(''), columns)
  const front = Math.ceil(space * 0.45)
  return [...last.slice(0, head), ...body.slice(0, front), '…', ...body.slice(body.length - (space - front))].join('')
}

/** C0 and C1 controls and DEL. */
function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code <= 0x9f)
}
