import { formatDuration } from '../../../../shared/core/duration'
import { probeUntil } from '../../expectations'
import { resolveValues } from '../values'
import type { StepHandler } from './step'

/**
 * `wait`: story time moves on; how long that takes in real time is the pacer's business. A resumed
 * wait waits what was left. `wait: { until }` polls the app (real time) until it answers as asked.
 */
export const wait: StepHandler<'wait'> = async ({ session, cursor, action, step }) => {
  if (action.until !== undefined) {
    const resolved = await resolveValues(session, cursor, action.index, action.until)
    if (!resolved.ok) return { passed: false, message: resolved.message }
    const { host } = session
    const verdict = await probeUntil(resolved.value, action.timeoutMs, host.probe, session.realSleep, () => host.clock.now(), session.signal)
    return verdict.passed ? { passed: true, message: verdict.message } : { passed: false, message: `waited in vain: ${verdict.message}` }
  }
  const startedMs = step.storyAt ? Date.parse(step.storyAt) : session.clock.now()
  await cursor.sleepUntil(startedMs + action.ms)
  return { passed: true, message: `story time +${formatDuration(action.ms)}` }
}
