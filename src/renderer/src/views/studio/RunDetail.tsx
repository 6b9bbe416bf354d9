import { type LoadResult, type RunSummary, type StepResult, describeOwnDelay } from '../../../../shared/schemas/run'
import { Badge, formatTime } from '../../components/Http'
import { deliveryList } from '../../store/deliveries/list'
import { useRuns } from '../../store/runs/state'
import { showView } from '../../store/ui/actions'
import { expectationsOf, runCounts, runOrigin, runTone, stepTone } from './runs-view'
import { cancelRun, exportRunReport, openRun, replay } from '../../store/scenarios/actions'
import { useStudio } from '../../store/scenarios/state'

/** Shows the delivery in the Timeline, the list narrowed to its run. */
function openDelivery(runId: string, deliveryId: string) {
  deliveryList.setFilter({ runId })
  deliveryList.open(deliveryId)
  showView('timeline')
}

/** The run shown: live while it runs (each run event updates it), then its outcome and actions. */
export function RunDetail() {
  const openRunId = useStudio((s) => s.openRunId)
  const run = useRuns((s) => (openRunId ? s.byId[openRunId] : undefined))
  if (!openRunId) return null
  if (!run) return <p className="muted">Loading the run…</p>
  return <RunView run={run} />
}

function RunView({ run }: { run: RunSummary }) {
  const expectations = expectationsOf(run)
  const origin = runOrigin(run)
  return (
    <article className="run-detail" aria-labelledby="run-detail-title" data-testid="run-detail" data-run-id={run.id} data-status={run.status}>
      <header className="run-detail-head">
        <div>
          <h3 id="run-detail-title">
            <Badge tone={runTone(run.status)} testId="run-status">
              {run.status}
            </Badge>{' '}
            {run.scenarioName}
          </h3>
          <p className="muted">
            {formatTime(run.startedAt)} · {runCounts(run)} · seed {String(run.seed)}
            {run.options.timeScale !== 1 && ` · time ×${run.options.timeScale}`}
            {origin && ` · ${origin}`}
          </p>
          {run.reason && run.status !== 'passed' && <p className="error">{run.reason}</p>}
        </div>
        <button type="button" className="close" aria-label="Close the run" onClick={() => openRun(undefined)}>
          ×
        </button>
      </header>
      <div className="toolbar">
        {run.status === 'running' ? (
          <button type="button" onClick={() => void cancelRun(run.id)} data-testid="run-detail-cancel">
            Cancel run
          </button>
        ) : (
          <>
            <button type="button" onClick={() => void replay(run.id, 'fresh')} title="The same payloads, signed anew" data-testid="replay-fresh">
              Replay fresh
            </button>
            <button type="button" onClick={() => void replay(run.id, 'exact')} title="The recorded requests, byte for byte" data-testid="replay-exact">
              Replay exact
            </button>
          </>
        )}
        <button type="button" onClick={() => void exportRunReport(run.id, 'junit')} data-testid="export-junit">
          Export JUnit
        </button>
        <button type="button" onClick={() => void exportRunReport(run.id, 'json')} data-testid="export-run-json">
          Export JSON
        </button>
      </div>
      <ol className="run-steps" data-testid="run-steps">
        {run.steps.map((step) => (
          <StepRow key={step.index} run={run} step={step} />
        ))}
      </ol>
      {expectations.length > 0 && (
        <>
          <h4>Expectations</h4>
          <ul className="run-expectations" data-testid="run-expectations">
            {expectations.map((step) => (
              <li key={step.index} className="run-step" data-status={step.status}>
                <Badge tone={stepTone(step.status)}>{step.status}</Badge>
                <div className="run-step-body">
                  <span className="mono run-step-label">{step.label}</span>
                  {step.message && <span className="run-step-message">{step.message}</span>}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {run.failures.length > 0 && (
        <>
          <h4>Failed deliveries no expectation asked for</h4>
          <ul className="run-expectations" data-testid="run-failures">
            {run.failures.map((failure) => (
              <li key={failure.deliveryId} className="run-step" data-status="failed">
                <Badge tone="bad">failed</Badge>
                <div className="run-step-body">
                  <button type="button" className="link mono" onClick={() => openDelivery(run.id, failure.deliveryId)} title="Open in the Timeline">
                    {failure.deliveryId}
                  </button>
                  <span className="run-step-message">{failure.message}</span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  )
}

/** A load step's measurements: the target's latency, its errors, and whether Hookbench kept the rate. */
function LoadFigures({ load }: { load: LoadResult }) {
  const { latencyMs: l } = load
  const rows: Array<[string, string]> = [
    ['Rate', `${load.achievedRate}/s achieved of ${+load.rate.toFixed(2)}/s asked${load.keptRate ? '' : ' (Hookbench could not keep it)'}`],
    ['Requests', `${load.sent} sent, ${load.answered} answered`],
    ['Latency', `p50 ${l.p50} ms · p90 ${l.p90} ms · p95 ${l.p95} ms · p99 ${l.p99} ms · max ${l.max} ms`],
    ['Errors', `${load.errors.count} (${+(load.errors.rate * 100).toFixed(2)}%)${Object.keys(load.errors.byKind).length ? `: ${Object.entries(load.errors.byKind).map(([kind, n]) => `${n} × ${kind}`).join(', ')}` : ''}`],
    ['Retries', `${load.retries} the platform would retry`],
    ["Hookbench's own delay (scheduled → sent)", describeOwnDelay(load.lagMs, ' · ')],
  ]
  return (
    <table className="run-load" data-testid="run-load">
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function StepRow({ run, step }: { run: RunSummary; step: StepResult }) {
  return (
    <li className="run-step" data-status={step.status} data-testid="run-step">
      <Badge tone={stepTone(step.status)}>{step.status}</Badge>
      <div className="run-step-body">
        <span className="mono run-step-label" title={step.path}>
          {step.label}
        </span>
        {step.message && <span className="run-step-message">{step.message}</span>}
        {step.load && <LoadFigures load={step.load} />}
        {step.deliveryIds.length > 0 && (
          <span className="run-step-deliveries">
            {step.deliveryIds.map((id) => (
              <button key={id} type="button" className="link mono" onClick={() => openDelivery(run.id, id)} title="Open in the Timeline" data-testid="run-delivery">
                {id}
              </button>
            ))}
          </span>
        )}
      </div>
    </li>
  )
}
