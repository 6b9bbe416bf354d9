import { formatTime } from '../../components/Http'
import { type AttemptTiming, formatDuration } from './timings'

/** When an attempt started, how long it took, the backoff before it and when the next one is due. */
export function AttemptTimings({ timing }: { timing: AttemptTiming }) {
  return (
    <dl className="timings" data-testid="attempt-timings">
      <div>
        <dt>Started</dt>
        <dd>
          <time dateTime={timing.startedAt}>{formatTime(timing.startedAt)}</time>
        </dd>
      </div>
      <div>
        <dt>Took</dt>
        <dd>{formatDuration(timing.durationMs)}</dd>
      </div>
      {timing.waitedMs !== undefined && (
        <div>
          <dt>Waited before</dt>
          <dd>
            {formatDuration(timing.waitedMs)}
            {timing.plannedWaitMs !== undefined && <span className="muted"> (backoff {formatDuration(timing.plannedWaitMs)})</span>}
          </dd>
        </div>
      )}
      {timing.nextAt && (
        <div>
          <dt>{timing.nextPending ? 'Next attempt due' : 'Next attempt was due'}</dt>
          <dd>
            <time dateTime={timing.nextAt}>{formatTime(timing.nextAt)}</time>
          </dd>
        </div>
      )}
    </dl>
  )
}
