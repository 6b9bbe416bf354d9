import { randomBytes } from 'node:crypto'
import type { CheckCaseResult, CheckOptions, CheckReport, PlannedCase } from '../../shared/schemas/check'
import type { Sender } from '../delivery/http-sender'
import { CHECK_CASES, planOf } from './cases'
import { type CheckContext, createCheckContext } from './check-requests'
import type { CheckTarget } from './check-target'
import { readProbe } from './probe'

export interface CheckDeps {
  send: Sender
  nowMs(): number
  /** Reads the probe URL (GET); injected so tests need no second server. */
  fetch?: typeof fetch
  /** Each case as it finishes: the terminal table and the UI fill in live. */
  onCase?: (result: CheckCaseResult) => void
  /** This run's key, in every id it sends (default: random); a second run must not repeat the first's ids. */
  runKey?: string
  /** Stops the check: the request in flight is abandoned and no further case runs. */
  signal?: AbortSignal
}

/** The cases that apply to the target, in the order they run. */
export function plannedCases(target: CheckTarget): PlannedCase[] {
  return CHECK_CASES.filter((c) => c.applies(target)).map((c) => planOf(c, target))
}

/** A fresh run key: 12 lowercase hex digits. */
export const newRunKey = () => randomBytes(6).toString('hex')

/**
 * Runs every case that applies to the target, one after the other, and judges the endpoint.
 * Cancelled (`signal`), it stops before the next case and leaves out the case it was in: the
 * report then has the cases judged so far and `passed: false`.
 */
export async function runCheck(target: CheckTarget, options: Pick<CheckOptions, 'probe' | 'probeField'>, deps: CheckDeps): Promise<CheckReport> {
  const startedAt = new Date(deps.nowMs()).toISOString()
  const { signal } = deps
  const probe = options.probe ? () => readProbe(options.probe!, options.probeField, deps.fetch ?? fetch, signal) : undefined
  const ctx = createCheckContext(target, { send: deps.send, nowMs: deps.nowMs, runKey: deps.runKey ?? newRunKey(), ...(signal && { signal }), ...(probe && { probe }) })
  const cases: CheckCaseResult[] = []
  for (const spec of CHECK_CASES.filter((c) => c.applies(target))) {
    if (signal?.aborted) break
    const result = await runCase(spec, ctx, deps.nowMs)
    if (signal?.aborted) break
    cases.push(result)
    deps.onCase?.(result)
  }
  return {
    url: target.url,
    provider: target.provider,
    event: target.event,
    scheme: target.scheme,
    options: target.options,
    startedAt,
    finishedAt: new Date(deps.nowMs()).toISOString(),
    cases,
    passed: !signal?.aborted && cases.every((c) => !c.required || c.verdict !== 'fail'),
  }
}

async function runCase(spec: (typeof CHECK_CASES)[number], ctx: CheckContext, nowMs: () => number): Promise<CheckCaseResult> {
  const started = nowMs()
  const outcome = await spec.run(ctx)
  return { ...planOf(spec, ctx.target), ...outcome, durationMs: nowMs() - started }
}
