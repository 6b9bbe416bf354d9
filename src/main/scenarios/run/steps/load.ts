import { setMaxListeners } from 'node:events'
import type { DeliveryDraft } from '../../../delivery/delivery-queue'
import { setLongTimeout } from '../../../core/long-timeout'
import type { ActionOf } from '../../compile'
import { type LoadSample, describeLoad, judgeLoad, summarizeLoad } from '../../load-stats'
import { substitute } from '../../references'
import type { Cursor, RunSession } from '../session'
import { resolveValues } from '../values'
import { messageSeedOf } from './deliveries-of'
import { storyFireRequest } from './fire'
import type { StepHandler } from './step'

type Load = ActionOf<'load'>['load']

/**
 * Arrivals launched in one turn of the event loop at most. A Hookbench behind its schedule
 * catches up turn by turn, reading answers in between, instead of launching every late arrival
 * at once: that would stall its own event loop, and the stall would be timed as the app's
 * latency (and its timeouts counted as the app's errors).
 */
const LAUNCHES_PER_TURN = 32

/**
 * `load`: arrivals at a rate for a while, each an event sent at once to every subscription that
 * takes it, one request each (no retries: a load measures the answers, it does not redeliver).
 * Arrivals go out in real time at every --time-scale, since rate and latency are the app's, in
 * real time; the story clock is played in real time meanwhile, so what else is due in the story
 * happens beside them at its story time. Requests are measured, not kept as deliveries.
 */
export const load: StepHandler<'load'> = async ({ session, cursor, action }) => {
  const { load: spec } = action
  const { context, set, headers, body, vary } = spec
  // Values that flow are read once; `${n}` is each arrival's.
  const resolved = await resolveValues(session, cursor, action.index, { context, set, headers, body, vary }, { n: '${n}' })
  if (!resolved.ok) return { passed: false, message: resolved.message }
  const arrivals = Math.max(1, Math.ceil((spec.rate * spec.for) / 1000))
  const storyStart = session.clock.now()
  const release = session.pacer.realTime()
  let outcome
  try {
    outcome = await send(session, cursor, action, resolved.value, arrivals, storyStart)
  } finally {
    release()
  }
  if (outcome.problem) return { passed: false, message: outcome.problem }
  const result = summarizeLoad(outcome.samples, spec.rate, spec.for)
  const judged = judgeLoad(result, spec.expect)
  const unreached = outcome.unreached > 0 ? [`${outcome.unreached} of ${arrivals} arrivals reached no subscription (${outcome.skipped})`] : []
  const problems = [...judged.problems, ...(outcome.samples.length === 0 ? ['no arrival reached a subscription, so nothing was measured'] : [])]
  return { passed: problems.length === 0, message: [describeLoad(result), ...unreached, ...problems].join('; '), load: result }
}

interface Content {
  context: Load['context']
  set: Load['set']
  headers: Load['headers']
  body: Load['body']
  vary: Load['vary']
}

/** Arrival `n` (from 1): `${n}` filled in, and `vary` applied (lists cycle, text takes `${n}`). */
function arrivalContent(content: Content, n: number) {
  const withN = substitute({ context: content.context, set: content.set, headers: content.headers, body: content.body }, (inner) => (inner === 'n' ? { value: n } : undefined)) as Omit<Content, 'vary'>
  const context: Record<string, unknown> = { ...withN.context }
  const set: Record<string, unknown> = { ...withN.set }
  for (const [key, values] of Object.entries(content.vary ?? {})) {
    const value = Array.isArray(values) ? values[(n - 1) % values.length] : substitute(values, (inner) => (inner === 'n' ? { value: n } : undefined))
    if (key.startsWith('context.')) context[key.slice('context.'.length)] = value
    else set[key] = value
  }
  return { ...withN, context, set }
}

/**
 * Sends the arrivals at their due real times (a late timer sends what is due at once, each
 * sample keeping how late it went), and waits for the story clock to reach the end of the load
 * and for every answer.
 */
async function send(session: RunSession, cursor: Cursor, action: ActionOf<'load'>, content: Content, arrivals: number, storyStart: number) {
  const { host } = session
  const { load: spec } = action
  // Every request in flight listens for the run's stop: one signal of the load's own, as many listeners as requests.
  const stop = new AbortController()
  setMaxListeners(arrivals * 8 + 10, stop.signal)
  const onStop = () => stop.abort(session.signal.reason)
  session.signal.addEventListener('abort', onStop, { once: true })
  const { signal } = stop
  const timer = host.realTimer ?? setLongTimeout
  const now = () => host.clock.preciseNow?.() ?? host.clock.now()
  const intervalMs = 1000 / spec.rate
  const samples: LoadSample[] = []
  const answers: Promise<void>[] = []
  let unreached = 0
  let skipped = ''
  let problem: string | undefined
  const startReal = now()

  const launch = (k: number, dueMs: number) => {
    const made = arrivalContent(content, k + 1)
    const request = storyFireRequest(
      session,
      { provider: action.provider, event: spec.fire, context: made.context as never, baseContext: action.context, set: made.set, headers: made.headers ?? [], body: made.body },
      messageSeedOf(session.run, action.index, `n${k + 1}`),
      storyStart + Math.floor(k * intervalMs),
    )
    const plan = host.plan(request)
    if (plan.drafts.length === 0) {
      unreached++
      skipped = plan.skipped.map((s) => `${s.subscriptionName}: ${s.reason}`).join('; ') || 'there is no subscription'
    }
    for (const draft of plan.drafts) answers.push(measure(draft, k, dueMs))
  }
  const measure = async (draft: DeliveryDraft, arrival: number, dueMs: number) => {
    // sendOnce signs the request and hands it to the sender (the hosts' sending thread, at the end
    // of this turn) before it first waits: before here the time is Hookbench's own (its queueing
    // delay); the target's latency is what the sender measured around the exchange itself.
    const answer = host.sendOnce(draft, signal)
    const sentMs = now()
    const { result, retry } = await answer
    if (signal.aborted) return
    samples.push({ arrival, dueMs, sentMs, outcome: result.kind === 'response' ? { status: result.response.status } : { error: result.errorClass }, latencyMs: result.durationMs, retry })
  }

  const arrived = new Promise<void>((resolve, reject) => {
    let next = 0
    const tick = () => {
      if (signal.aborted) return reject(signal.reason as Error)
      const tickMs = now()
      try {
        for (let launched = 0; launched < LAUNCHES_PER_TURN && next < arrivals && startReal + next * intervalMs <= tickMs; launched++) {
          launch(next, startReal + next * intervalMs)
          next++
        }
      } catch (error) {
        // An arrival the engine refuses (a `set` that does not fit the payload): the load stops, saying why.
        problem = `arrival ${next + 1}: ${error instanceof Error ? error.message : String(error)}`
        return resolve()
      }
      if (next >= arrivals) return resolve()
      timer(tick, Math.max(0, startReal + next * intervalMs - now()))
    }
    tick()
  })
  // One wait for both: story time reaching the load's end (played in real time), and the answers.
  let cancel = () => {}
  const storyEnd = new Promise<void>((resolve) => (cancel = session.clock.at(storyStart + spec.for, resolve)))
  try {
    await cursor.park(Promise.all([storyEnd, arrived.then(() => Promise.all(answers))]))
  } finally {
    cancel()
    session.signal.removeEventListener('abort', onStop)
  }
  return { samples, unreached, skipped, problem }
}
