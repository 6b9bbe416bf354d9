import { type FormEvent, useState } from 'react'
import { Badge } from '../../components/Http'
import { useHookbench } from '../../store/app-store'
import { addController, removeController, setControllerRunning } from '../../store/controllers/actions'

/** Simulated Ocean CD controllers: each beats until stopped, then the watchdog fires controller-heartbeat-failure. */
export function Controllers() {
  const { controllers, clusters } = useHookbench((s) => s.heartbeats)
  const [clusterId, setClusterId] = useState('')
  const [timeoutSec, setTimeoutSec] = useState(300)
  const [error, setError] = useState<string>()
  const add = async (e: FormEvent) => {
    e.preventDefault()
    const added = await addController(clusterId, timeoutSec)
    if (added === 'taken') return setError(`Cluster “${clusterId}” already has a controller: start, stop or remove it below, or choose another cluster id.`)
    setError(undefined)
    if (added === 'added') setClusterId('')
  }
  const changeCluster = (value: string) => {
    setClusterId(value)
    setError(undefined)
  }
  return (
    <div className="section">
      <h2>Ocean CD controllers (heartbeats)</h2>
      <p className="muted">
        A running controller beats every interval. Stop it, and after the timeout Hookbench fires controller-heartbeat-failure once; start it
        again to re-arm. Real processes can beat with POST /heartbeat/&lt;clusterId&gt; on the receiver.
      </p>
      <form className="form" onSubmit={(e) => void add(e)}>
        <label>
          Cluster id
          <input
            type="text"
            required
            value={clusterId}
            onChange={(e) => changeCluster(e.target.value)}
            placeholder="prod-eu-1"
            aria-invalid={error !== undefined}
            aria-describedby={error && 'controller-error'}
            data-testid="controller-cluster"
          />
        </label>
        <label>
          Timeout (seconds)
          <input type="number" min={1} value={timeoutSec} onChange={(e) => setTimeoutSec(Number(e.target.value))} />
        </label>
        <div className="actions">
          <button type="submit" data-testid="controller-add">
            Add controller
          </button>
        </div>
        {error && (
          <p className="error wide" role="alert" id="controller-error" data-testid="controller-error">
            {error}
          </p>
        )}
      </form>
      <table className="list" data-testid="controllers">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Controller</th>
            <th>Health</th>
            <th>Last heartbeat</th>
            <th>Outages</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {controllers.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No controllers yet: add one for a cluster id above.
              </td>
            </tr>
          )}
          {controllers.map((controller) => {
            const state = clusters.find((c) => c.clusterId === controller.clusterId)
            return (
              <tr key={controller.clusterId}>
                <td className="mono">{controller.clusterId}</td>
                <td>{controller.running ? 'running' : 'stopped'}</td>
                <td>
                  <Badge tone={state?.health === 'healthy' ? 'ok' : state?.health === 'failed' ? 'bad' : 'neutral'} testId={`health-${controller.clusterId}`}>
                    {state?.health ?? 'waiting'}
                  </Badge>
                </td>
                <td>{state?.lastBeatAt ? new Date(state.lastBeatAt).toLocaleTimeString() : '–'}</td>
                <td>{state?.outages ?? 0}</td>
                <td className="actions">
                  <button type="button" onClick={() => void setControllerRunning(controller.clusterId, !controller.running)} data-testid={`toggle-${controller.clusterId}`}>
                    {controller.running ? 'Stop' : 'Start'}
                  </button>{' '}
                  <RemoveController clusterId={controller.clusterId} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** Remove asks once more: the controller's heartbeat history goes with it. Esc or Keep leaves it. */
function RemoveController({ clusterId }: { clusterId: string }) {
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid={`remove-controller-${clusterId}`}>
        Remove
      </button>
    )
  }
  return (
    <span className="row-actions" role="group" aria-label={`Remove the controller of ${clusterId}?`} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
      <button type="button" className="danger" autoFocus onClick={() => void removeController(clusterId)} data-testid={`remove-controller-confirm-${clusterId}`}>
        Remove {clusterId}
      </button>
      <button type="button" onClick={() => setConfirming(false)} data-testid={`remove-controller-keep-${clusterId}`}>
        Keep
      </button>
    </span>
  )
}
