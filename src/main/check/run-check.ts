import type { CheckCaseResult, CheckOptions, CheckReport, PlannedCase } from '../../shared/schemas/check'
import type { Sender } from '../delivery/http-sender'
import { CHECK_CASES } from './check-cases'
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
}

/** The cases that apply to the target, in the order they run. */
export function plannedCases(target: CheckTarget): PlannedCase[] {
  return CHECK_CASES.filter((c) => c.applies(target)).map(({ id, title, expected, required }) => ({ id, title, expected, required }))
}

/** Runs every case that applies to the target, one after the other, and judges the endpoint. */
export async function runCheck(target: CheckTarget, options: Pick<CheckOptions, 'probe' | 'probeField'>, deps: CheckDeps): Promise<CheckReport> {
  const startedAt = new Date(deps.nowMs()).toISOString()
  const probe = options.probe ? () => readProbe(options.probe!, options.probeField, deps.fetch ?? fetch) : undefined
  const ctx = createCheckContext(target, { send: deps.send, nowMs: deps.nowMs, ...(probe && { probe }) })
  const cases: CheckCaseResult[] = []
  for (const spec of CHECK_CASES.filter((c) => c.applies(target))) {
    const result = await runCase(spec, ctx, deps.nowMs)
    cases.push(result)
    deps.onCase?.(result)
  }
  return {
    url: target.url,
    provider: target.provider,
    event: target.event,
    scheme: target.scheme,
    startedAt,
    finishedAt: new Date(deps.nowMs()).toISOString(),
    cases,
    passed: cases.every((c) => !c.required || c.verdict !== 'fail'),
  }
}

async function runCase(spec: (typeof CHECK_CASES)[number], ctx: CheckContext, nowMs: () => number): Promise<CheckCaseResult> {
  const started = nowMs()
  const { id, title, expected, required } = spec
  const outcome = await spec.run(ctx)
  return { id, title, expected, required, ...outcome, durationMs: nowMs() - started }
}
