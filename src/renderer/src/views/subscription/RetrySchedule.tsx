import type { ShownSchedule } from './subscription-tools'

const SOURCE_TEXT: Record<ShownSchedule['source'], string> = {
  subscription: "this subscription's policy",
  preset: "the preset's numbers",
  platform: "the platform's default",
  form: 'the numbers above',
}

/** The attempts a retry policy makes against an endpoint that keeps failing, in numbers. */
export function RetrySchedule({ shown, testId }: { shown: ShownSchedule | undefined; testId: string }) {
  if (!shown) {
    return (
      <div className="wide retry-schedule" data-testid={testId}>
        <span className="muted">Each event is retried on its own platform&apos;s default schedule.</span>
      </div>
    )
  }
  const { summary } = shown
  return (
    <div className="wide retry-schedule" data-testid={testId} aria-label={`Retry schedule: ${summary.sentence}`}>
      <span className="schedule-title">
        Schedule if every attempt fails <span className="muted">({SOURCE_TEXT[shown.source]})</span>
      </span>
      <ol className="schedule-steps">
        {summary.lines.map((line) => (
          <li key={line.attempt} data-testid={`${testId}-attempt`}>
            <b>{line.attempt}</b> {line.text}
          </li>
        ))}
      </ol>
      <span className="schedule-end" data-testid={`${testId}-end`}>
        {summary.end}
        {summary.jitter && <span className="muted"> · {summary.jitter}</span>}
      </span>
    </div>
  )
}
