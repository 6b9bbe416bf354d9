import { describe, expect, it } from 'vitest'
import { describeAttempt } from '../../../src/main/cli/attempt-lines'
import { REDRAW_INTERVAL_MS, clockTime, jsonReporter, liveReporter, plainReporter } from '../../../src/main/cli/run-output'
import { summarizeAttempt } from '../../../src/shared/schemas/delivery'
import type { StepResult } from '../../../src/shared/schemas/run'
import { createFakeClock } from '../../support/fake-clock'
import { T0, attempt, deliverySummary, run, step } from '../../support/run-fixtures'

/** A reporter's output, collected. */
function capture() {
  const writes: string[] = []
  return { write: (text: string) => void writes.push(text), writes, text: () => writes.join('') }
}

const pending = (index: number, overrides: Partial<StepResult> = {}) =>
  step(index, { status: 'pending', startedAt: undefined, finishedAt: undefined, ...overrides })

/** The same three-step run as it is saved after each step change. */
const story = {
  started: run({ status: 'running', finishedAt: undefined, steps: [step(0, { status: 'running', finishedAt: undefined }), pending(1), pending(2, { kind: 'expect', label: 'expect delivered: all' })] }),
  fired: run({
    status: 'running',
    finishedAt: undefined,
    steps: [step(0, { deliveryIds: ['d_1', 'd_2'] }), step(1, { kind: 'wait', label: 'wait 2m', status: 'running' }), pending(2, { kind: 'expect', label: 'expect delivered: all' })],
  }),
  failed: run({
    status: 'failed',
    reason: '1 expectation failed',
    steps: [
      step(0, { deliveryIds: ['d_1', 'd_2'] }),
      step(1, { kind: 'wait', label: 'wait 2m' }),
      step(2, { kind: 'expect', label: 'expect delivered: all', status: 'failed', message: 'd_2 was not delivered', deliveryIds: ['d_1', 'd_2'] }),
    ],
  }),
}

const retrying = attempt({ n: 2, outcome: 'retry', retryInMs: 30_000, response: { status: 500, headers: [], body: '', bodyBytes: 0, truncated: false } })

describe('plainReporter', () => {
  it('writes one line per step, when it ends, and none for pending, running or unchanged steps', () => {
    const out = capture()
    const reporter = plainReporter(out.write)
    reporter.run(story.started)
    reporter.run(story.started)
    reporter.run(story.fired)
    reporter.run(story.fired)
    reporter.run(story.failed)
    expect(out.text()).toBe(
      [
        '[1/3] fire event-0 … passed (2 deliveries)',
        '[2/3] wait 2m … passed',
        '[3/3] expect delivered: all … failed: d_2 was not delivered (2 deliveries)',
        '',
      ].join('\n'),
    )
  })

  it('tells apart steps of different runs', () => {
    const out = capture()
    const reporter = plainReporter(out.write)
    reporter.run(story.fired)
    reporter.run({ ...story.fired, id: 'run_2' })
    expect(out.writes).toHaveLength(2)
  })

  it('an interrupted step gets a line, and again when it ends after a resume', () => {
    const out = capture()
    const reporter = plainReporter(out.write)
    const waiting = step(1, { kind: 'wait', label: 'wait 2m', status: 'interrupted', message: 'interrupted: it runs again when the run is resumed' })
    reporter.run(run({ status: 'interrupted', steps: [step(0), waiting] }))
    reporter.run(run({ status: 'passed', steps: [step(0), step(1, { kind: 'wait', label: 'wait 2m' })] }))
    expect(out.text()).toBe(
      ['[1/2] fire event-0 … passed', '[2/2] wait 2m … interrupted: interrupted: it runs again when the run is resumed', '[2/2] wait 2m … passed', ''].join('\n'),
    )
  })

  it('writes a line per attempt, as `hookbench fire` describes it', () => {
    const out = capture()
    const reporter = plainReporter(out.write)
    reporter.delivery(deliverySummary('d_1', { status: 'retrying' }), retrying)
    reporter.delivery(deliverySummary('d_1', { status: 'sending' }))
    expect(out.text()).toBe(`  d_1 rollout-failed → http://127.0.0.1:3000/hooks  ${describeAttempt(retrying)}\n`)
    expect(out.text()).toContain('attempt 2  500 Internal Server Error  12 ms  retry in 30 s')
  })

  it('ends each run with its counts, and for a failed run the reason and the failed steps', () => {
    const out = capture()
    const steps = Array.from({ length: 12 }, (_, i) =>
      step(i, i < 9 ? { deliveryIds: [`d_${i}`] } : { kind: 'expect', label: `expect ${i}`, deliveryIds: ['d_0'] }),
    )
    plainReporter(out.write).finish([run({ steps }), story.failed])
    expect(out.text()).toBe(
      [
        'passed: 12 steps, 9 deliveries, 3/3 expectations (Ocean CD canary, verified)',
        'failed: 3 steps, 2 deliveries, 0/1 expectation (Ocean CD canary, verified)',
        '  1 expectation failed',
        '  [3/3] expect delivered: all … failed: d_2 was not delivered (2 deliveries)',
        '',
      ].join('\n'),
    )
  })

  it('leaves expectations out of the counts of a run without any', () => {
    const out = capture()
    plainReporter(out.write).finish([run({ steps: [step(0, { deliveryIds: ['d_1'] })] })])
    expect(out.text()).toBe('passed: 1 step, 1 delivery (Ocean CD canary, verified)\n')
  })
})

describe('jsonReporter', () => {
  const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)

  it('writes one JSON object a line: each step as it ends, attempts, then each run', () => {
    const out = capture()
    const reporter = jsonReporter(out.write)
    reporter.run(story.started)
    reporter.run(story.fired)
    reporter.delivery(deliverySummary('d_1', { status: 'retrying' }), retrying)
    reporter.delivery(deliverySummary('d_1', { status: 'sending' }))
    reporter.finish([story.failed])
    const [first, second, third, ...rest] = lines(out.text())
    expect(rest).toEqual([])
    expect(first).toEqual({ type: 'step', runId: 'run_1', total: 3, ...story.fired.steps[0] })
    expect(second).toMatchObject({
      type: 'attempt',
      runId: 'run_1',
      deliveryId: 'd_1',
      event: 'rollout-failed',
      subscription: 'ci-hooks',
      deliveryStatus: 'retrying',
      n: 2,
      outcome: 'retry',
      retryInMs: 30_000,
      response: { status: 500, bodyBytes: 0 },
    })
    expect(third).toEqual({ type: 'run', ...JSON.parse(JSON.stringify(story.failed)), counts: { steps: 3, deliveries: 2, expectations: { passed: 0, total: 1, notJudged: 0 } } })
  })

  it('keeps secrets out: no request headers (the event stream tells an attempt without them), no signing secret', () => {
    const out = capture()
    const reporter = jsonReporter(out.write)
    reporter.delivery(deliverySummary('d_1'), summarizeAttempt(attempt({ headers: [['X-Qovery-Secret', 's3cr3t']] })))
    reporter.finish([run({ options: { targets: [], timeScale: 1, vars: {}, secret: 's3cr3t' } })])
    expect(out.text()).not.toContain('s3cr3t')
    expect(out.writes).toHaveLength(2)
  })
})

describe('liveReporter', () => {
  const ESC = '\x1b'
  const live = (options: { columns?: number; rows?: number } = {}) => {
    const out = capture()
    const clock = createFakeClock(T0)
    return { out, clock, reporter: liveReporter(out.write, { clock, ...options }) }
  }

  it('draws the current run at once: header, a glyph per step, the delivery counters', () => {
    const { out, reporter } = live()
    reporter.run(story.fired)
    expect(out.writes).toEqual([
      [
        'Ocean CD canary, verified · run run_1 · seed 42',
        ' ✓ fire event-0',
        ' … wait 2m',
        ' ○ expect delivered: all',
        '0 in flight, 0 retrying, 0 delivered, 0 failed',
        '',
      ].join('\n'),
    ])
  })

  it('redraws at most every 100 ms, in place, with the latest state', async () => {
    const { out, clock, reporter } = live()
    reporter.run(story.started)
    expect(out.writes).toHaveLength(1)

    await clock.advance(10)
    reporter.run(story.fired)
    reporter.delivery(deliverySummary('d_1', { status: 'sending', attempts: [] }))
    await clock.advance(REDRAW_INTERVAL_MS - 20)
    expect(out.writes).toHaveLength(1)

    await clock.advance(10)
    expect(out.writes).toHaveLength(2)
    expect(out.writes[1]!.startsWith(`${ESC}[5A${ESC}[J`)).toBe(true)
    expect(out.writes[1]).toContain(' ✓ fire event-0')
    expect(out.writes[1]).toContain('1 in flight, 0 retrying, 0 delivered, 0 failed')
    expect(clock.pending()).toBe(0)

    await clock.advance(REDRAW_INTERVAL_MS)
    reporter.run(story.failed)
    expect(out.writes).toHaveLength(3)
    expect(out.writes[2]).toContain(' ✗ expect delivered: all — d_2 was not delivered')
  })

  it('counts deliveries of the current run by status and shows when the next retry is due', async () => {
    const { out, clock, reporter } = live()
    reporter.run(story.fired)
    reporter.delivery(deliverySummary('d_1', { status: 'retrying', dueAt: T0 + 90_000 }))
    reporter.delivery(deliverySummary('d_2', { status: 'retrying', dueAt: T0 + 30_000 }))
    reporter.delivery(deliverySummary('d_3', { status: 'delivered' }))
    reporter.delivery(deliverySummary('d_4', { status: 'failed' }))
    reporter.delivery(deliverySummary('d_5', { status: 'cancelled' }))
    reporter.delivery(deliverySummary('d_x', { status: 'failed', runId: 'another_run' }))
    await clock.advance(REDRAW_INTERVAL_MS)
    expect(out.writes).toHaveLength(2)
    expect(out.writes[1]!.split('\n').at(-2)).toBe(
      `0 in flight, 2 retrying (next in 30 s), 1 delivered, 1 failed, 1 cancelled`,
    )
  })

  it('tells the next retry of deliveries of no run by the wall clock', async () => {
    const { out, clock, reporter } = live()
    reporter.delivery(deliverySummary('d_1', { status: 'retrying', dueAt: T0 + 30_000, runId: undefined }))
    await clock.advance(REDRAW_INTERVAL_MS)
    expect(out.writes.at(-1)).toContain(`0 in flight, 1 retrying (next ${clockTime(T0 + 30_000)}), 0 delivered, 0 failed\n`)
  })

  it('counts only the deliveries of the run on screen', async () => {
    const { out, clock, reporter } = live()
    reporter.delivery(deliverySummary('d_1', { status: 'delivered' }))
    reporter.delivery(deliverySummary('d_y', { status: 'delivered', runId: 'run_2' }))
    await clock.advance(REDRAW_INTERVAL_MS)
    expect(out.writes.at(-1)).toContain('0 in flight, 0 retrying, 0 delivered, 0 failed\n')
    const after = async (change: () => void) => {
      change()
      await clock.advance(REDRAW_INTERVAL_MS)
      return out.writes.at(-1)
    }
    expect(await after(() => reporter.run(story.fired))).toContain('0 in flight, 0 retrying, 1 delivered, 0 failed\n')
    expect(await after(() => reporter.run({ ...story.started, id: 'run_2' }))).toContain('0 in flight, 0 retrying, 1 delivered, 0 failed\n')
    expect(await after(() => reporter.delivery(deliverySummary('d_1', { status: 'failed' })))).toContain('0 in flight, 0 retrying, 1 delivered, 0 failed\n')
    expect(await after(() => reporter.delivery(deliverySummary('d_z', { status: 'failed', runId: 'run_2' })))).toContain('0 in flight, 0 retrying, 1 delivered, 1 failed\n')
  })

  it('fits a narrow terminal and still shows what each line is about', () => {
    const { out, reporter } = live({ columns: 20 })
    reporter.run(run({ steps: [step(0, { label: 'fire a-very-long-event-name-indeed' }), step(1, { kind: 'expect', label: 'expect received 1 rollout-failed(s) at inbox', status: 'failed', message: 'expected 1, captured 0' })] }))
    const lines = out.writes[0]!.trimEnd().split('\n')
    expect(lines).toEqual(['Ocean CD … verified', ' ✓ fire a-…e-indeed', ' ✗ expect …at inbox', '…0 ↻0 ✓0 ✗0'])
    for (const line of lines) expect(Array.from(line).length).toBeLessThan(20)
  })

  it('keeps line breaks and escapes in labels and messages from breaking the block', () => {
    const { out, reporter } = live()
    reporter.run(run({ scenarioName: 'two\nlines', steps: [step(0, { label: `fire ${ESC}[2Jx`, status: 'failed', message: 'a\r\nb' })] }))
    expect(out.writes[0]).toBe(['two lines · run run_1 · seed 42', ` ✗ fire  [2Jx — a  b`, '0 in flight, 0 retrying, 0 delivered, 0 failed', ''].join('\n'))
  })

  it('shows a window of the steps around the current one when they do not fit', () => {
    const { out, reporter } = live({ rows: 8 })
    const steps: StepResult[] = Array.from({ length: 20 }, (_, i) => (i < 10 ? step(i) : i === 10 ? step(i, { status: 'running' }) : pending(i)))
    reporter.run(run({ status: 'running', steps }))
    expect(out.writes[0]!.split('\n').slice(1, -2)).toEqual([' ⋮ 9 before', ' ✓ fire event-9', ' … fire event-10', ' ○ fire event-11', ' ⋮ 8 more'])
  })

  it('on finish, drops a pending redraw, erases the block and prints the plain summary', async () => {
    const { out, clock, reporter } = live()
    reporter.run(story.started)
    reporter.run(story.fired)
    expect(clock.pending()).toBe(1)
    reporter.finish([story.failed])
    expect(clock.pending()).toBe(0)
    expect(out.writes).toHaveLength(2)
    const summary = out.writes[1]!
    expect(summary.startsWith(`${ESC}[5A${ESC}[J`)).toBe(true)
    const rest = summary.slice(`${ESC}[5A${ESC}[J`.length)
    expect(rest).not.toContain(ESC)
    const plain = capture()
    plainReporter(plain.write).finish([story.failed])
    expect(rest).toBe(plain.text())

    reporter.run(story.failed)
    await clock.advance(REDRAW_INTERVAL_MS)
    expect(out.writes).toHaveLength(2)
  })

  it('writes no cursor movement before the first block', () => {
    const { out, reporter } = live()
    reporter.finish([story.failed])
    expect(out.writes[0]).not.toContain(ESC)
  })
})
