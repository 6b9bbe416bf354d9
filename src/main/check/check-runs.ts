import type { EngineEvent } from '../../shared/api/events'
import { type CheckCaseResult, type CheckReport, type CheckRun, type CheckStart, type CheckSummary, KEPT_CHECKS } from '../../shared/schemas/check'
import type { Subscription } from '../../shared/schemas/subscription'
import { ApiFailure } from '../core/errors'
import { newId } from '../core/ids'
import type { Sender } from '../delivery/http-sender'
import type { Journal } from '../persistence/journal'
import { checkJunit } from './check-report'
import { withoutSecrets } from './check-secrets'
import { plannedCases, runCheck } from './run-check'
import { type PreparedCheck, targetOfOptions, targetOfSubscription } from './subscription-target'

export interface CheckRunsDeps {
  send: Sender
  nowMs(): number
  emit(event: EngineEvent): void
  /** The subscription with this id; throws not_found. */
  subscription(id: string): Subscription
  /** Where checks are kept (the last 50, `checks.jsonl`); in memory only when absent. */
  journal?: CheckJournal
  /** Reads probe URLs (GET); fetch by default. */
  fetch?: typeof fetch
  /** Each run's key (default: random), in every id it sends. */
  runKey?: () => string
}

export interface CheckFile {
  filename: string
  mimeType: string
  text: string
}

/** What a check's caller may add: its own view of each case (the CLI's progress line). */
export interface StartOptions {
  onCase?: (result: CheckCaseResult) => void
}

/** What the runs need of a journal. */
export type CheckJournal = Pick<Journal<CheckRun>, 'get' | 'list' | 'save' | 'flush' | 'close'>

/** Checks kept in memory only, the last 50 (the CLI without a data directory, tests). */
export function memoryCheckJournal(): CheckJournal {
  const records = new Map<string, CheckRun>()
  return {
    get: (id) => records.get(id),
    list: () => [...records.values()].reverse(),
    async save(run) {
      records.delete(run.id)
      records.set(run.id, run)
      for (const [id, kept] of records) {
        if (records.size <= KEPT_CHECKS) break
        if (kept.state !== 'running') records.delete(id)
      }
    },
    flush: async () => {},
    close: async () => {},
  }
}

/** A check the journal has as running, read when no process runs it: Hookbench stopped during it. */
const STOPPED_DURING = 'Hookbench stopped while this check ran: the cases it had judged were not saved'

/**
 * Endpoint checks started from the API or the CLI: each runs in the background, its cases pushed
 * as engine events as they finish. A check is saved when it starts and when it ends (finished,
 * failed or cancelled), plain secrets as fingerprints; the journal keeps the last 50. While one
 * runs, its cases so far are in memory.
 */
export function createCheckRuns(deps: CheckRunsDeps) {
  const journal = deps.journal ?? memoryCheckJournal()
  /** The checks running in this process: their state so far, their stop, and who waits for the end. */
  const live = new Map<string, { run: CheckRun; stop: AbortController; done: Promise<CheckRun> }>()

  function prepare(input: CheckStart): PreparedCheck & { subscription?: Subscription } {
    if ('subscriptionId' in input) {
      const subscription = deps.subscription(input.subscriptionId)
      return { ...targetOfSubscription(subscription, input), subscription }
    }
    return targetOfOptions(input)
  }

  /** Saves an ended check; a storage failure is the storage health's to report, not the check's. */
  const save = (run: CheckRun) => journal.save(run).catch(() => {})

  function start(input: CheckStart, options: StartOptions = {}): { id: string } {
    const { target, options: checkOptions, subscription } = prepare(input)
    const id = newId('chk')
    const stop = new AbortController()
    const initial: CheckRun = {
      id,
      state: 'running',
      url: target.url,
      provider: target.provider,
      event: target.event,
      scheme: target.scheme,
      options: target.options,
      startedAt: new Date(deps.nowMs()).toISOString(),
      ...(subscription && { subscription: { id: subscription.id, name: subscription.name } }),
      planned: plannedCases(target),
      cases: [],
    }
    const entry = { run: initial, stop, done: Promise.resolve(initial) }
    live.set(id, entry)
    void save(initial)
    const onCase = (result: CheckCaseResult) => {
      const shown = withoutSecrets(result, target)
      entry.run = { ...entry.run, cases: [...entry.run.cases, shown] }
      deps.emit({ type: 'check', id, case: shown })
      options.onCase?.(shown)
    }
    const ended = (run: CheckRun, event: EngineEvent) => {
      entry.run = run
      live.delete(id)
      deps.emit(event)
      return save(run).then(() => run)
    }
    entry.done = runCheck(target, checkOptions, {
      send: deps.send,
      nowMs: deps.nowMs,
      onCase,
      signal: stop.signal,
      ...(deps.runKey && { runKey: deps.runKey() }),
      ...(deps.fetch && { fetch: deps.fetch }),
    }).then(
      (report) => {
        const finishedAt = report.finishedAt
        if (stop.signal.aborted) return ended({ ...entry.run, state: 'cancelled', finishedAt, passed: false }, { type: 'check', id, cancelled: true })
        const shown: CheckReport = { ...report, cases: entry.run.cases }
        return ended({ ...entry.run, ...shown, state: 'finished' }, { type: 'check', id, report: shown })
      },
      (error: unknown) => {
        const message = `The check stopped: ${error instanceof Error ? error.message : String(error)}`
        return ended({ ...entry.run, state: 'failed', error: message, finishedAt: new Date(deps.nowMs()).toISOString() }, { type: 'check', id, error: message })
      },
    )
    return { id }
  }

  function get(id: string): CheckRun {
    const running = live.get(id)
    if (running) return running.run
    const saved = journal.get(id)
    if (!saved) throw new ApiFailure('not_found', `No check with id "${id}": the last ${KEPT_CHECKS} checks are kept, older ones are dropped`)
    return saved.state === 'running' ? { ...saved, state: 'failed', error: STOPPED_DURING } : saved
  }

  /** The checks kept, newest first, without their requests. */
  function list(limit: number = KEPT_CHECKS): CheckSummary[] {
    return journal
      .list()
      .slice(0, limit)
      .map((saved) => summarize(get(saved.id)))
  }

  /** Stops a running check; one that has ended is returned as it is. */
  async function cancel(id: string): Promise<CheckRun> {
    const running = live.get(id)
    if (!running) return get(id)
    running.stop.abort()
    return running.done
  }

  /** Resolves with the check once it has ended (at once for one that has). */
  async function whenDone(id: string): Promise<CheckRun> {
    return live.get(id)?.done ?? get(id)
  }

  /** A finished check as JUnit XML or JSON. */
  function file(id: string, format: 'junit' | 'json'): CheckFile {
    const run = get(id)
    if (run.state !== 'finished' || run.finishedAt === undefined || run.passed === undefined) {
      throw new ApiFailure('conflict', run.state === 'running' ? 'The check is still running: export it once it has finished' : 'The check stopped before its end: there is no report to export')
    }
    const report = reportOf(run)
    const base = `hookbench-check-${report.provider}-${report.startedAt.replace(/[:.]/g, '-')}`
    if (format === 'junit') return { filename: `${base}.xml`, mimeType: 'application/xml', text: checkJunit(report) }
    return { filename: `${base}.json`, mimeType: 'application/json', text: `${JSON.stringify(report, null, 2)}\n` }
  }

  /** Stops every running check (the host is closing); each is saved as cancelled. */
  async function close() {
    const running = [...live.values()]
    for (const entry of running) entry.stop.abort()
    await Promise.all(running.map((entry) => entry.done))
    await journal.close()
  }

  return { start, get, list, cancel, whenDone, file, close, flush: () => journal.flush() }
}
export type CheckRuns = ReturnType<typeof createCheckRuns>

/** A check as a report: what it sent and judged (a check that did not finish has `passed: false`). */
export function reportOf(run: CheckRun): CheckReport {
  const { id: _id, state: _state, subscription: _subscription, planned: _planned, error: _error, ...rest } = run
  return { ...rest, finishedAt: run.finishedAt ?? rest.startedAt, passed: run.passed ?? false }
}

export function summarize(run: CheckRun): CheckSummary {
  const { id, state, url, provider, event, scheme, startedAt, finishedAt, passed, subscription } = run
  return {
    id,
    state,
    url,
    provider,
    event,
    scheme,
    startedAt,
    ...(finishedAt !== undefined && { finishedAt }),
    ...(passed !== undefined && { passed }),
    ...(subscription && { subscription }),
    counts: {
      run: run.cases.length,
      planned: run.planned.length,
      passed: run.cases.filter((c) => c.verdict === 'pass').length,
      failed: run.cases.filter((c) => c.verdict === 'fail').length,
    },
  }
}
