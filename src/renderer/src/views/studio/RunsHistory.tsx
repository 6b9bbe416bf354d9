import { Badge, formatTime } from '../../components/Http'
import { onRovingKey, rovingTabIndex } from '../../components/RovingList'
import { runsNewestFirst, useRuns } from '../../store/runs/state'
import { runCounts, runOrigin, runTone, runsOfScenario } from './runs-view'
import { openRun, setAllRuns } from '../../store/scenarios/actions'
import { useStudio } from '../../store/scenarios/state'

/** Runs of the open scenario (or all), newest first; one opens in RunDetail. */
export function RunsHistory() {
  const byId = useRuns((s) => s.byId)
  const loaded = useRuns((s) => s.loaded)
  const all = useStudio((s) => s.allRuns)
  const open = useStudio((s) => s.open?.file)
  const openRunId = useStudio((s) => s.openRunId)
  const newest = runsNewestFirst(byId)
  const runs = all ? newest : runsOfScenario(newest, open)

  return (
    <section className="runs-history" aria-labelledby="runs-history-title">
      <div className="runs-history-head">
        <h3 id="runs-history-title">Runs</h3>
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAllRuns(e.target.checked)} data-testid="runs-all" /> All scenarios
        </label>
      </div>
      {runs.length === 0 ? (
        <p className="muted">{loaded ? (all ? 'No runs yet.' : 'No runs of this scenario yet.') : 'Loading…'}</p>
      ) : (
        <ul className="runs-list" data-testid="runs-history" onKeyDown={(e) => onRovingKey(e, '.run-item')}>
          {runs.map((run, i) => (
            <li key={run.id}>
              <button
                type="button"
                className="run-item"
                aria-current={run.id === openRunId}
                tabIndex={rovingTabIndex(i, runs.findIndex((r) => r.id === openRunId))}
                onClick={() => openRun(run.id)} data-testid="run-item" data-run-id={run.id}>
                <span className="run-item-line">
                  <Badge tone={runTone(run.status)}>{run.status}</Badge>
                  <span className="run-item-time">{formatTime(run.startedAt)}</span>
                  {all && <span className="run-item-name">{run.scenarioName}</span>}
                </span>
                <span className="muted run-item-counts">
                  {runCounts(run)}
                  {run.replayOf && ` · ${runOrigin(run)}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
