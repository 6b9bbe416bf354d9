import { platformOf } from '../../../shared/platforms'
import type { CheckEvent } from '../../../shared/platforms/platform'
import type { CheckContext } from '../check-requests'
import { type Judgement, answerOf, isAccepted, judgeAccepted } from '../judge'
import { type CheckCase, outcome, sendOne, sendPayload } from './case'

export const validCase: CheckCase = {
  id: 'valid',
  title: 'Valid, correctly signed delivery',
  expected: 'accepted (2xx) in time',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    const sent = await sendOne(ctx, 'valid')
    return outcome(judgeAccepted(sent, `a correct ${ctx.target.event} delivery`, ctx.target.timeoutMs), sent)
  },
}

export const replayCase: CheckCase = {
  id: 'replay',
  title: 'The same delivery again (platform retry)',
  expected: 'accepted (2xx), no second effect',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    // A platform's retry repeats the bytes and the id; only the signature's timestamp is new.
    const payload = ctx.payload(undefined, undefined, 'replay')
    const before = await ctx.probe?.()
    const first = await sendPayload(ctx, 'replay', payload)
    const middle = await ctx.probe?.()
    const again = await sendPayload(ctx, 'replay', payload)
    const after = await ctx.probe?.()
    const got = `${answerOf(first)} then ${answerOf(again)}`
    if (!isAccepted(first) || !isAccepted(again)) {
      return outcome(
        {
          verdict: 'fail',
          got,
          reason: 'a delivery sent again with the same id was not accepted both times',
          fix: 'A platform sends the same delivery again when it did not see your 2xx; answer 2xx to a delivery you have already processed (and do nothing more).',
        },
        first,
        again,
      )
    }
    return outcome(judgeEffect(before, middle, after, got), first, again)
  },
}

type ProbeReading = Awaited<ReturnType<NonNullable<CheckContext['probe']>>> | undefined

function judgeEffect(before: ProbeReading, middle: ProbeReading, after: ProbeReading, got: string): Judgement {
  if (!before || !middle || !after) {
    return { verdict: 'pass', got, reason: 'accepted both times; given a probe URL (the count of events your handler processed), the check also proves the second one had no effect' }
  }
  const failed = [before, middle, after].find((r) => !r.ok)
  if (failed && !failed.ok) return { verdict: 'fail', got, reason: `the probe could not be read: ${failed.message}`, fix: 'Make the probe URL answer the count as JSON.' }
  const [b, m, a] = [before, middle, after].map((r) => (r.ok ? r.count : 0)) as [number, number, number]
  if (m !== b + 1) return { verdict: 'fail', got: `${got}; count ${b} → ${m} → ${a}`, reason: `the first delivery changed the probe's count by ${m - b}, not 1`, fix: 'The probe must count the events the handler processed.' }
  if (a !== m) {
    return {
      verdict: 'fail',
      got: `${got}; count ${b} → ${m} → ${a}`,
      reason: 'the same delivery was processed twice',
      fix: 'Record each delivery id you process (webhook-id, X-GitHub-Delivery, the event id) and skip one you have seen.',
    }
  }
  return { verdict: 'pass', got: `${got}; count ${b} → ${m} → ${a}`, reason: 'accepted both times and processed once' }
}

/** How the check names an event of the out-of-order pair: `rollout-finished`, `release 13`. */
const named = ({ event, set }: CheckEvent) => (set ? `${event} ${Object.values(set).join(' ')}` : event)

export const outOfOrderCase: CheckCase = {
  id: 'out-of-order',
  title: 'Events out of order',
  expected: 'accepted (2xx), never 5xx',
  required: true,
  applies: () => true,
  run: async (ctx) => {
    // Each platform says which of its events come in a pair (definePlatform's `outOfOrder`).
    const order = platformOf(ctx.target.provider).outOfOrder
    const story = `${named(order.first)} before ${named(order.then)}`
    const first = await sendPayload(ctx, 'order_1', ctx.payload(order.first.event, order.first.set, 'order-1'))
    const then = await sendPayload(ctx, 'order_2', ctx.payload(order.then.event, order.then.set, 'order-2'))
    const got = `${answerOf(first)} then ${answerOf(then)}`
    if (isAccepted(first) && isAccepted(then)) return outcome({ verdict: 'pass', got, reason: `accepted ${story}` }, first, then)
    return outcome(
      { verdict: 'fail', got, reason: `${story} was not accepted`, fix: 'Deliveries can arrive in any order (retries, parallel sends): accept each one and order them by their own timestamps or versions.' },
      first,
      then,
    )
  },
}

const UNKNOWN_EVENT = 'hookbench.unknown_event'

/** The body with every value equal to the event's name replaced by an unknown one; undefined when the name is not in the body. */
export function withUnknownEvent(payload: unknown, event: string): unknown {
  let found = false
  const walk = (value: unknown): unknown => {
    if (value === event) {
      found = true
      return UNKNOWN_EVENT
    }
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]))
    return value
  }
  const replaced = walk(payload)
  return found ? replaced : undefined
}

function forwardCompatibleCase(spec: { id: string; title: string; what: string; change: (payload: unknown, event: string) => unknown }): CheckCase {
  return {
    id: spec.id,
    title: spec.title,
    expected: 'accepted (2xx), never 5xx',
    required: true,
    applies: () => true,
    run: async (ctx) => {
      const changed = spec.change(ctx.payload(undefined, undefined, spec.id).payload, ctx.target.event)
      if (changed === undefined) return { verdict: 'info', got: 'not sent', reason: `this payload has nowhere to put ${spec.what}`, exchanges: [] }
      // Encoded as the target's format encodes it (hermes-wire wraps it in `content`).
      const sent = await sendPayload(ctx, spec.id.replace(/-/g, '_'), ctx.payload(undefined, undefined, spec.id, changed))
      if (isAccepted(sent)) return outcome({ verdict: 'pass', got: answerOf(sent), reason: `accepted ${spec.what}` }, sent)
      return outcome(
        {
          verdict: 'fail',
          got: answerOf(sent),
          reason: `${spec.what} was not accepted`,
          fix: 'Platforms add events and fields without notice: answer 2xx to what you do not handle (and log it), and ignore fields you do not know.',
        },
        sent,
      )
    },
  }
}

export const unknownEventCase = forwardCompatibleCase({
  id: 'unknown-event',
  title: 'An unknown event type',
  what: `an event type the endpoint cannot know (${UNKNOWN_EVENT})`,
  change: withUnknownEvent,
})

export const unknownFieldCase = forwardCompatibleCase({
  id: 'unknown-field',
  title: 'An unknown extra field',
  what: 'a payload with a field the endpoint does not know',
  change: (payload) => (payload && typeof payload === 'object' && !Array.isArray(payload) ? { ...payload, hookbench_new_field: { added: 'by a newer platform version' } } : undefined),
})
