import type { CheckCaseResult, CheckExchange, CheckRun } from '../../../../shared/schemas/check'

/** A case's state in the table: judged, being sent now, not reached yet, or never reached (the check stopped). */
export type RowVerdict = CheckCaseResult['verdict'] | 'running' | 'waiting' | 'stopped'

export interface CaseRow {
  id: string
  title: string
  expected: string
  required: boolean
  got: string
  verdict: RowVerdict
  result?: CheckCaseResult
}

export const VERDICT_LABEL: Record<RowVerdict, string> = { pass: 'pass', fail: 'fail', info: 'advice', running: 'running…', waiting: 'waiting', stopped: 'not run' }
export const VERDICT_TONE: Record<RowVerdict, 'ok' | 'bad' | 'warn' | 'neutral'> = { pass: 'ok', fail: 'bad', info: 'neutral', running: 'neutral', waiting: 'neutral', stopped: 'warn' }

/** Every planned case in order, with its result once it has one. */
export function caseRows(run: CheckRun): CaseRow[] {
  const done = new Map(run.cases.map((c) => [c.id, c]))
  let runningShown = false
  const rows = run.planned.map((planned): CaseRow => {
    const result = done.get(planned.id)
    if (result) return { ...planned, got: result.got, verdict: result.verdict, result }
    const verdict: RowVerdict = run.state === 'running' ? (runningShown ? 'waiting' : 'running') : 'stopped'
    runningShown = true
    return { ...planned, got: '', verdict }
  })
  // A case the plan did not name (an older engine) still shows.
  for (const result of run.cases) if (!run.planned.some((p) => p.id === result.id)) rows.push({ ...result, verdict: result.verdict, result })
  return rows
}

export interface CheckSummary {
  text: string
  tone: 'ok' | 'bad' | 'neutral' | 'warn'
}

/** One line over the table: how far the check got, or how many required cases passed and the verdict. */
export function summaryOf(run: CheckRun): CheckSummary {
  const required = run.planned.filter((c) => c.required)
  const passed = run.cases.filter((c) => c.required && c.verdict === 'pass').length
  if (run.state === 'running') return { text: `Running: ${run.cases.length} of ${run.planned.length} cases done, ${passed} of ${required.length} required cases passed so far.`, tone: 'neutral' }
  if (run.state === 'failed') return { text: `${run.error ?? 'The check stopped before its end.'} ${passed} of ${required.length} required cases passed before it stopped.`, tone: 'warn' }
  if (run.state === 'cancelled') {
    return { text: `Cancelled after ${run.cases.length} of ${run.planned.length} cases: ${passed} of ${required.length} required cases passed before it stopped; no verdict on the endpoint.`, tone: 'warn' }
  }
  const failures = run.cases.filter((c) => c.verdict === 'fail').length
  const verdict = run.passed ? 'the endpoint passes' : `the endpoint fails ${failures} case${failures === 1 ? '' : 's'}`
  return { text: `${passed} of ${required.length} required cases passed: ${verdict}.`, tone: run.passed ? 'ok' : 'bad' }
}

/** Where the selection goes in the table on a key (no wrap: the table has ends); undefined for other keys. */
export function moveRow(index: number, count: number, key: string): number | undefined {
  if (count === 0) return undefined
  const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1, PageDown: index + 10, PageUp: index - 10 }[key]
  return target === undefined ? undefined : Math.max(0, Math.min(count - 1, target))
}

/** What a request of a case is called: "Request" alone, else "Request 2 of 2". */
export function exchangeTitle(index: number, count: number): string {
  return count === 1 ? 'Request' : `Request ${index + 1} of ${count}`
}

/** How long the answer took (its status shows beside it), or what went wrong instead. */
export function answerLine(exchange: CheckExchange): string {
  const ms = `${Math.round(exchange.durationMs)} ms`
  if (exchange.response) return `in ${ms}`
  return `${exchange.error ?? 'no answer'} after ${ms}`
}

/** A check's outcome in one word: what its badge says. */
export function outcomeWord(run: Pick<CheckRun, 'state' | 'passed'>): { word: string; tone: CheckSummary['tone'] } {
  if (run.state === 'running') return { word: 'running', tone: 'neutral' }
  if (run.state === 'cancelled') return { word: 'cancelled', tone: 'warn' }
  if (run.state === 'failed') return { word: 'stopped', tone: 'warn' }
  return run.passed ? { word: 'passes', tone: 'ok' } : { word: 'fails', tone: 'bad' }
}

/** A fix as its lead sentence and the lines under it (one framework's pitfall each). */
export function fixParts(fix: string): { lead: string; items: string[] } {
  const [lead = '', ...items] = fix.split('\n')
  return { lead, items }
}
