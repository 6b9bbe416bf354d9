import type { EngineEvent } from '../../shared/api/events'
import type { CheckCaseResult, CheckReport, CheckRun, CheckStart } from '../../shared/schemas/check'
import type { Subscription } from '../../shared/schemas/subscription'
import { ApiFailure } from '../core/errors'
import { newId } from '../core/ids'
import type { Sender } from '../delivery/http-sender'
import { checkJunit } from './check-report'
import { withoutSecrets } from './check-secrets'
import { plannedCases, runCheck } from './run-check'
import { type PreparedCheck, targetOfOptions, targetOfSubscription } from './subscription-target'

/** How many checks stay readable; older finished ones are forgotten (they live in memory only). */
export const KEPT_CHECKS = 10

export interface CheckRunsDeps {
  send: Sender
  nowMs(): number
  emit(event: EngineEvent): void
  /** The subscription with this id; throws not_found. */
  subscription(id: string): Subscription
  /** Reads probe URLs (GET); fetch by default. */
  fetch?: typeof fetch
}

export interface CheckFile {
  filename: string
  mimeType: string
  text: string
}

/**
 * Endpoint checks started from the API: each runs in the background, its cases pushed as engine
 * events as they finish; the last few are kept in memory (never saved) so a client that opens
 * late, or reloads, reads how far one got.
 */
export function createCheckRuns(deps: CheckRunsDeps) {
  const checks = new Map<string, CheckRun>()

  const update = (id: string, change: (run: CheckRun) => CheckRun) => {
    const run = checks.get(id)
    if (run) checks.set(id, change(run))
  }

  /** Forgets the oldest finished checks past the limit; a running one is never dropped. */
  const forgetOld = () => {
    for (const [id, run] of checks) {
      if (checks.size <= KEPT_CHECKS) return
      if (run.state !== 'running') checks.delete(id)
    }
  }

  function prepare(input: CheckStart): PreparedCheck & { subscription?: Subscription } {
    if ('subscriptionId' in input) {
      const subscription = deps.subscription(input.subscriptionId)
      return { ...targetOfSubscription(subscription, input), subscription }
    }
    return targetOfOptions(input)
  }

  function start(input: CheckStart): { id: string } {
    const { target, options, subscription } = prepare(input)
    const id = newId('chk')
    checks.set(id, {
      id,
      state: 'running',
      url: target.url,
      provider: target.provider,
      event: target.event,
      scheme: target.scheme,
      startedAt: new Date(deps.nowMs()).toISOString(),
      ...(subscription && { subscription: { id: subscription.id, name: subscription.name } }),
      planned: plannedCases(target),
      cases: [],
    })
    forgetOld()
    const cases: CheckCaseResult[] = []
    const onCase = (result: CheckCaseResult) => {
      const shown = withoutSecrets(result, target)
      cases.push(shown)
      update(id, (run) => ({ ...run, cases: [...run.cases, shown] }))
      deps.emit({ type: 'check', id, case: shown })
    }
    runCheck(target, options, { send: deps.send, nowMs: deps.nowMs, onCase, ...(deps.fetch && { fetch: deps.fetch }) }).then(
      (report) => {
        const shown: CheckReport = { ...report, cases }
        update(id, (run) => ({ ...run, ...shown, state: 'finished' }))
        deps.emit({ type: 'check', id, report: shown })
      },
      (error: unknown) => {
        const message = `The check stopped: ${error instanceof Error ? error.message : String(error)}`
        update(id, (run) => ({ ...run, state: 'failed', error: message, finishedAt: new Date(deps.nowMs()).toISOString() }))
        deps.emit({ type: 'check', id, error: message })
      },
    )
    return { id }
  }

  function get(id: string): CheckRun {
    const run = checks.get(id)
    if (!run) throw new ApiFailure('not_found', `No check with id "${id}": only the last ${KEPT_CHECKS} checks are kept, and only until Hookbench quits`)
    return run
  }

  /** A finished check as JUnit XML or JSON. */
  function file(id: string, format: 'junit' | 'json'): CheckFile {
    const run = get(id)
    if (run.state !== 'finished' || run.finishedAt === undefined || run.passed === undefined) {
      throw new ApiFailure('conflict', run.state === 'running' ? 'The check is still running: export it once it has finished' : 'The check stopped before its end: there is no report to export')
    }
    const { id: _id, state: _state, subscription: _subscription, planned: _planned, error: _error, ...rest } = run
    const report: CheckReport = { ...rest, finishedAt: run.finishedAt, passed: run.passed }
    const base = `hookbench-check-${report.provider}-${report.startedAt.replace(/[:.]/g, '-')}`
    if (format === 'junit') return { filename: `${base}.xml`, mimeType: 'application/xml', text: checkJunit(report) }
    return { filename: `${base}.json`, mimeType: 'application/json', text: `${JSON.stringify(report, null, 2)}\n` }
  }

  return { start, get, file }
}
export type CheckRuns = ReturnType<typeof createCheckRuns>
