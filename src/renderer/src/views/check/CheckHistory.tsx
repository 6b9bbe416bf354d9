import { type CheckRun, type CheckSummary, KEPT_CHECKS } from '../../../../shared/schemas/check'
import { Badge } from '../../components/Http'
import { useChecks } from '../../store/checks/state'
import { outcomeWord } from './check-results'

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })

/**
 * The checks kept in the data directory (the last 50, from this app, another window or `hookbench
 * check --data-dir`), newest first. Opening one shows it above, every request and answer included.
 */
export function CheckHistory({ onOpen }: { onOpen: (id: string) => void }) {
  const history = useChecks((s) => s.history)
  const current = useChecks((s) => s.current)
  const live = useChecks((s) => s.byId)
  if (history.length === 0) return null
  return (
    <section className="section check-history" aria-labelledby="check-history-title" data-testid="check-history">
      <h2 id="check-history-title">
        Checks kept <span className="muted">(the last {KEPT_CHECKS}, newest first)</span>
      </h2>
      <div className="table-wrap">
        <table className="list check-history-table">
          <colgroup>
            <col className="col-when" />
            <col className="col-what" />
            <col className="col-outcome" />
            <col className="col-cases" />
            <col className="col-open" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Endpoint</th>
              <th scope="col">Outcome</th>
              <th scope="col">Cases</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((summary) => (
              <HistoryRow key={summary.id} summary={withLiveState(summary, live[summary.id])} shown={summary.id === current} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** A check this window follows moves on before the list is read again. */
function withLiveState(summary: CheckSummary, run: CheckRun | undefined): CheckSummary {
  if (!run) return summary
  return {
    ...summary,
    state: run.state,
    ...(run.passed !== undefined && { passed: run.passed }),
    counts: {
      run: run.cases.length,
      planned: run.planned.length,
      passed: run.cases.filter((c) => c.verdict === 'pass').length,
      failed: run.cases.filter((c) => c.verdict === 'fail').length,
    },
  }
}

function HistoryRow({ summary, shown, onOpen }: { summary: CheckSummary; shown: boolean; onOpen: (id: string) => void }) {
  const outcome = outcomeWord(summary)
  const { counts } = summary
  return (
    <tr className={shown ? 'open' : undefined} data-testid="check-history-row" data-check={summary.id} data-state={summary.state}>
      <td className="muted">{when(summary.startedAt)}</td>
      <td className="wrap">
        {summary.subscription && <strong>{summary.subscription.name}: </strong>}
        <span className="mono">{summary.url}</span>
        <span className="muted">
          {' '}
          as {summary.provider} {summary.event}, {summary.scheme === 'none' ? 'unsigned' : summary.scheme}
        </span>
      </td>
      <td>
        <Badge tone={outcome.tone}>{outcome.word}</Badge>
      </td>
      <td className="muted">
        {counts.run < counts.planned ? `${counts.run} of ${counts.planned} run, ` : ''}
        {counts.failed > 0 ? `${counts.failed} failed` : `${counts.passed} passed`}
      </td>
      <td className="actions">
        <button type="button" onClick={() => onOpen(summary.id)} disabled={shown} aria-label={`Open the check of ${summary.url} started ${when(summary.startedAt)}`} data-testid="check-history-open">
          {shown ? 'Shown' : 'Open'}
        </button>
      </td>
    </tr>
  )
}
