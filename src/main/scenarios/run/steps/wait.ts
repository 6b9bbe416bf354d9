import { formatDuration } from '../../../../shared/core/duration'
import type { StepHandler } from './step'

/** `wait`: story time moves on; how long that takes in real time is the pacer's business. A resumed wait waits what was left. */
export const wait: StepHandler<'wait'> = async ({ session, cursor, action, step }) => {
  const startedMs = step.storyAt ? Date.parse(step.storyAt) : session.clock.now()
  await cursor.sleepUntil(startedMs + action.ms)
  return { passed: true, message: `story time +${formatDuration(action.ms)}` }
}
