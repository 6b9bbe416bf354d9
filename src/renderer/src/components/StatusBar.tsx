import { useHookbench } from '../store/app-store'
import { selectConnectionLabel } from '../store/engine/selectors'

export function StatusBar() {
  const status = useHookbench((s) => s.status)
  const connection = useHookbench((s) => s.connection)
  const connectionLabel = useHookbench(selectConnectionLabel)
  const progress = Object.values(useHookbench((s) => s.progress))
  return (
    <footer className="status-bar" data-testid="status-bar" role="status">
      <span className={`dot dot-${connection}`} aria-hidden="true" />
      <span data-testid="engine-connection">{connectionLabel}</span>
      {status && (
        <>
          <span data-testid="engine-version">v{status.version}</span>
          <span>{status.host === 'electron' ? 'Desktop app' : status.host === 'web' ? 'Web mode' : 'CLI'}</span>
          <span>Receiver: {status.receiverUrl ?? 'not running'}</span>
          {status.timeScale !== 1 && <span>Time ×{status.timeScale}</span>}
          {progress.map((p) => (
            <span key={p.label}>
              {p.label}: <progress max={p.total} value={p.done} /> {p.done}/{p.total}
            </span>
          ))}
        </>
      )}
    </footer>
  )
}
