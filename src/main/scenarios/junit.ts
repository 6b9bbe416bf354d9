import type { Attempt, Delivery } from '../../shared/schemas/delivery'
import { STATUS_TEXT } from '../../shared/schemas/http'
import type { RunFailure, RunSummary, StepResult } from '../../shared/schemas/run'
import { attributes, escapeText, indent, seconds } from '../core/xml'

/** One run and the deliveries its steps made (any order; looked up by id). */
export interface JunitSuite {
  run: RunSummary
  deliveries: Delivery[]
}

/** Response bodies quoted in a failure are cut to this many characters, ellipsis included. */
export const BODY_EXCERPT_CHARS = 500

type Verdict = 'passed' | 'failure' | 'error' | 'skipped'

interface Tally {
  tests: number
  failures: number
  errors: number
  skipped: number
  ms: number
}

interface RenderedSuite {
  tally: Tally
  lines: string[]
}

/**
 * JUnit XML in the dialect Jenkins and the GitHub Actions reporters read: one `<testsuite>` per run,
 * one `<testcase>` per step (expectations included), named by the step's id or label so a name
 * stays the same when steps are inserted, and one per failed delivery no expectation asked for.
 * Every reason a run fails is a failure here, so the report and the exit status agree. Same input,
 * same bytes.
 */
export function junitReport(suites: JunitSuite[], refused: ReadonlyArray<{ name: string; message: string }> = []): string {
  const rendered = [...suites.map(renderSuite), ...refused.map(renderRefused)]
  const total = rendered.reduce((sum, { tally }) => addTally(sum, tally), emptyTally())
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'hookbench', ...tallyAttributes(total) })}>`,
    ...rendered.flatMap(({ lines }) => lines.map(indent)),
    '</testsuites>',
    '',
  ].join('\n')
}

function renderSuite({ run, deliveries }: JunitSuite): RenderedSuite {
  const byId = new Map(deliveries.map((delivery) => [delivery.id, delivery]))
  const failures = run.failures ?? []
  const verdicts = [...run.steps.map(verdictOf), ...failures.map((): Verdict => 'failure')]
  const count = (verdict: Verdict) => verdicts.filter((v) => v === verdict).length
  const tally: Tally = {
    tests: verdicts.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
    ms: elapsedMs(run.startedAt, run.finishedAt),
  }
  const head = attributes({ name: run.scenarioName, timestamp: run.startedAt, ...tallyAttributes(tally) })
  const names = caseNames(run.steps)
  const cases = [
    ...run.steps.flatMap((step, i) => renderCase(run, step, names[i]!, byId)),
    ...failures.flatMap((failure) => renderDeliveryFailure(run, failure, failure.stepIndex === undefined ? undefined : names[failure.stepIndex], byId)),
  ]
  return {
    tally,
    lines: [`<testsuite${head}>`, ...renderProperties(run).map(indent), ...cases.map(indent), '</testsuite>'],
  }
}

/** A scenario that did not run because it is invalid: a suite with one error, its problems as the details. */
function renderRefused({ name, message }: { name: string; message: string }): RenderedSuite {
  const tally: Tally = { tests: 1, failures: 0, errors: 1, skipped: 0, ms: 0 }
  const first = message.split('\n')[0] ?? message
  const error = `<error${attributes({ message: `invalid scenario, not run: ${first}`, type: 'invalid' })}>${escapeText(message)}</error>`
  const testcase = [`<testcase${attributes({ name: 'the scenario file is valid', classname: name, time: seconds(0) })}>`, indent(error), '</testcase>']
  return { tally, lines: [`<testsuite${attributes({ name, ...tallyAttributes(tally) })}>`, ...testcase.map(indent), '</testsuite>'] }
}

function renderProperties(run: RunSummary): string[] {
  const properties: Record<string, string | undefined> = {
    'hookbench.runId': run.id,
    'hookbench.scenarioId': run.scenarioId,
    'hookbench.seed': String(run.seed),
    'hookbench.timeScale': String(run.options.timeScale),
    // Space-separated: URLs hold no spaces, and readers that map properties by name keep them all.
    'hookbench.targets': run.options.targets.length ? run.options.targets.join(' ') : undefined,
    'hookbench.status': run.status,
    'hookbench.reason': run.reason,
    'hookbench.replayOf': run.replayOf && `${run.replayOf.runId} (${run.replayOf.mode})`,
  }
  const lines = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => indent(`<property${attributes({ name, value })}/>`))
  return ['<properties>', ...lines, '</properties>']
}

/** Pending steps never ran; a step still running when the report was made did not finish. */
function verdictOf(step: StepResult): Verdict {
  switch (step.status) {
    case 'passed':
      return 'passed'
    case 'failed':
      return 'failure'
    case 'running':
    case 'interrupted':
      return 'error'
    case 'pending':
    case 'skipped':
    case 'cancelled':
      return 'skipped'
  }
}

/**
 * Each step's case name: its fire step id, else its label; a name used again (a repeat, the same
 * label twice) gets `#2`, `#3`… in file order.
 */
function caseNames(steps: StepResult[]): string[] {
  const seen = new Map<string, number>()
  return steps.map((step) => {
    const name = step.id ?? step.label
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : `${name} #${n}`
  })
}

function renderCase(run: RunSummary, step: StepResult, name: string, byId: Map<string, Delivery>): string[] {
  const head = attributes({ name, classname: run.scenarioId, time: seconds(elapsedMs(step.startedAt, step.finishedAt)) })
  const body = caseBody(run, step, verdictOf(step), byId)
  return body ? [`<testcase${head}>`, indent(body), '</testcase>'] : [`<testcase${head}/>`]
}

/** A failed delivery no expectation asked for: a failure of its own, named by the step that sent it. */
function renderDeliveryFailure(run: RunSummary, failure: RunFailure, stepName: string | undefined, byId: Map<string, Delivery>): string[] {
  const name = `delivery${stepName ? ` of ${stepName}` : ''}: ${failure.event} to ${failure.subscriptionName}`
  const head = attributes({ name, classname: run.scenarioId, time: seconds(0) })
  const message = `${failure.message}; no expectation asked for this delivery to fail`
  const details = [message, ...failedDeliveries({ deliveryIds: [failure.deliveryId] }, byId)].join('\n\n')
  return [`<testcase${head}>`, indent(`<failure${attributes({ message, type: 'delivery' })}>${escapeText(details)}</failure>`), '</testcase>']
}

function caseBody(run: RunSummary, step: StepResult, verdict: Verdict, byId: Map<string, Delivery>): string | undefined {
  switch (verdict) {
    case 'passed':
      return `<system-out>${escapeText([`asserted: ${step.label}`, step.message].filter(Boolean).join('\n'))}</system-out>`
    case 'skipped':
      return `<skipped${attributes({ message: step.message ?? skippedMessage(run, step) })}/>`
    case 'error': {
      const message = `did not finish${run.reason ? `: ${run.reason}` : ''}`
      return `<error${attributes({ message, type: 'unfinished' })}/>`
    }
    case 'failure': {
      const message = step.message ?? 'failed'
      const details = [message, ...failedDeliveries(step, byId)].join('\n\n')
      return `<failure${attributes({ message, type: step.kind })}>${escapeText(details)}</failure>`
    }
  }
}

function skippedMessage(run: RunSummary, step: StepResult): string {
  if (step.status !== 'pending') return step.status
  return `not run${run.reason ? `: ${run.reason}` : ''}`
}

/** Every delivery of the step that did not get through, with its last answer. */
function failedDeliveries(step: Pick<StepResult, 'deliveryIds'>, byId: Map<string, Delivery>): string[] {
  return step.deliveryIds.flatMap((id) => {
    const delivery = byId.get(id)
    if (!delivery) return [`delivery ${id}: not in the report`]
    if (delivery.status === 'delivered') return []
    const head = `delivery ${id} (${delivery.provider} ${delivery.event} to ${delivery.subscriptionName}, ${delivery.url}): ${delivery.status}${delivery.reason ? `, ${delivery.reason}` : ''}`
    const last = delivery.attempts.at(-1)
    return [[head, ...(last ? describeLastAttempt(last) : ['no attempt was made'])].join('\n')]
  })
}

function describeLastAttempt(attempt: Attempt): string[] {
  const label = `last attempt ${attempt.n}${attempt.series > 0 ? ` (redelivery ${attempt.series})` : ''}`
  if (!attempt.response) {
    return [`${label}: ${attempt.error?.class ?? 'error'}: ${attempt.error?.message ?? 'no response'}`]
  }
  const { status, body, truncated } = attempt.response
  const text = STATUS_TEXT[status]
  const lines = [`${label}: HTTP ${status}${text ? ` ${text}` : ''}`]
  if (body) lines.push(`body: ${excerpt(body, truncated)}`)
  return lines
}

/** At most BODY_EXCERPT_CHARS characters (code points), ending in `…` when anything was cut. */
function excerpt(body: string, alreadyTruncated = false): string {
  const chars = Array.from(body)
  if (chars.length <= BODY_EXCERPT_CHARS && !alreadyTruncated) return body
  return `${chars.slice(0, BODY_EXCERPT_CHARS - 1).join('')}…`
}

function emptyTally(): Tally {
  return { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 }
}

function addTally(a: Tally, b: Tally): Tally {
  return {
    tests: a.tests + b.tests,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
    ms: a.ms + b.ms,
  }
}

function tallyAttributes({ ms, ...counts }: Tally) {
  return { ...counts, time: seconds(ms) }
}

function elapsedMs(from: string | undefined, to: string | undefined): number {
  if (from === undefined || to === undefined) return 0
  return Math.max(0, Date.parse(to) - Date.parse(from))
}
