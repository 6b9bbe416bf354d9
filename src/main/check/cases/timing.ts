import { formatDuration } from '../../../shared/core/duration'
import type { CheckCase } from './case'
import type { CheckTarget } from '../check-target'
import { type Judgement, answerOf } from '../judge'

/** An answer that takes more than this share of the platform's timeout is slow: load or a retry storm takes it over. */
export const SLOW_SHARE = 0.25

const ANSWER_FIRST = 'Answer 2xx as soon as the request is verified and stored, and do the work afterwards (a queue or a background job).'

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`)

/**
 * How long the endpoint takes to answer a valid delivery, against the platform's request timeout:
 * a verdict where the timeout is known (documented, or the subscription's own), advice where the
 * platform documents none. Within the timeout but slow is said plainly.
 */
export function judgeTiming(target: CheckTarget, sent: Parameters<typeof answerOf>[0]): Judgement {
  const { result } = sent
  const known = target.timeoutUnknown === undefined
  const unknownNote = known ? '' : `${target.timeoutUnknown}; Hookbench waits ${formatDuration(target.timeoutMs)}. `
  if (result.kind === 'error') {
    const timedOut = result.errorClass === 'timeout'
    const reason = timedOut
      ? known
        ? `no answer within the ${formatDuration(target.timeoutMs)} ${target.platformTitle} waits: the delivery counts as failed and is retried, or lost`
        : `${unknownNote}No answer in that time: a platform that waits less counts the delivery as failed`
      : `the request got no answer to time (${answerOf(sent)})`
    return { verdict: known || !timedOut ? 'fail' : 'info', got: answerOf(sent), reason, fix: timedOut ? ANSWER_FIRST : 'Check the URL and that the endpoint is listening.' }
  }
  const took = result.durationMs
  const got = `${answerOf(sent)} in ${seconds(took)}`
  const slow = took > target.timeoutMs * SLOW_SHARE
  if (!known) {
    return {
      verdict: 'info',
      got: slow ? `${got}: slow` : got,
      reason: slow
        ? `${unknownNote}Answered in ${seconds(took)}: slow, more than a quarter of that; a platform that waits less counts it as failed`
        : `${unknownNote}Answered in ${seconds(took)}: well within it`,
      fix: slow ? ANSWER_FIRST : 'Keep answering within a few seconds, whatever the load: verify, store, answer, then work.',
    }
  }
  if (slow) {
    return {
      verdict: 'pass',
      got: `${got}: slow`,
      reason: `answered in ${seconds(took)}, within the ${formatDuration(target.timeoutMs)} ${target.platformTitle} waits but slow: more than a quarter of it, so load or a burst of retries can push it over`,
      fix: ANSWER_FIRST,
    }
  }
  return { verdict: 'pass', got, reason: `answered in ${seconds(took)}, well within the ${formatDuration(target.timeoutMs)} ${target.platformTitle} waits` }
}

export const timingCase: CheckCase = {
  id: 'timing',
  title: "Answers within the platform's timeout",
  expected: (t) => (t.timeoutUnknown === undefined ? `an answer within ${formatDuration(t.timeoutMs)}` : 'known (timeout not documented)'),
  required: (t) => t.timeoutUnknown === undefined,
  applies: () => true,
  run: async (ctx) => {
    const payload = ctx.payload(undefined, undefined, 'timing')
    const sent = await ctx.send(ctx.signed(payload, payload.body, { messageId: ctx.messageId('timing') }), payload.body)
    return { ...judgeTiming(ctx.target, sent), exchanges: [sent.exchange] }
  },
}
