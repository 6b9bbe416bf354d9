import { formatDuration } from '../../../shared/core/duration'
import { describeSchedule as describeRetrySchedule } from '../../../shared/retry-schedule'
import { decideAfterAttempt } from '../../delivery/retry-policy'
import type { CheckCase } from './case'
import type { CheckTarget } from '../check-target'
import { answerOf } from '../judge'

/** What the platform does when a delivery fails: its retries (in the schedule's one wording), or that it gives up at once. */
export function describeSchedule(target: CheckTarget): string {
  const schedule = describeRetrySchedule(target.retry)
  if (schedule.attempts === 1) return `${target.platformTitle} makes one attempt and never retries: a delivery your endpoint fails is lost`
  const retries = schedule.attempts - 1
  return `${target.platformTitle} retries ${retries === 1 ? 'once' : `${retries} times`}, after ${schedule.waits}, and ${schedule.end}`
}

/**
 * The platform's delivery rules applied to a real answer of the endpoint: what happens next had
 * this been a real delivery (retry when, or give up), from the catalog's retry presets.
 */
export const retryPlanCase: CheckCase = {
  id: 'retry-plan',
  title: 'What the platform does when a delivery fails',
  expected: 'known',
  required: false,
  applies: () => true,
  run: async (ctx) => {
    const payload = ctx.payload(undefined, undefined, 'retry-plan')
    const sent = await ctx.send(ctx.signed(payload, payload.body, { messageId: ctx.messageId('retry_plan') }), payload.body)
    const decision = decideAfterAttempt(ctx.target.retry, ctx.target.rules, sent.result, { attemptsMade: 1, nowMs: 0, random: () => 0.5 })
    const schedule = describeSchedule(ctx.target)
    const got = `${answerOf(sent)} in ${Math.round(sent.result.durationMs)} ms`
    const timeout = `the platform waits ${formatDuration(ctx.target.timeoutMs)} for an answer`
    const reason =
      decision.kind === 'delivered'
        ? `Delivered on the first attempt (${timeout}). Had it failed, ${schedule}.`
        : decision.kind === 'retry'
          ? `This answer counts as a failure: ${ctx.target.platformTitle} would try again in ${formatDuration(decision.delayMs)}. ${schedule}.`
          : `This answer counts as a failure and ${ctx.target.platformTitle} would stop here: ${decision.reason}. ${schedule}.`
    return { verdict: 'info', got, reason, exchanges: [sent.exchange] }
  },
}
