import { showView } from '../store/ui/actions'
import type { ViewId } from '../store/ui/slice'

export const VIEWS: { id: ViewId; label: string; hint: string }[] = [
  { id: 'scenarios', label: 'Scenarios', hint: 'Write, run and replay rollout stories' },
  { id: 'fire', label: 'Fire', hint: 'Send one platform event now' },
  { id: 'subscriptions', label: 'Subscriptions', hint: 'Where events are sent' },
  { id: 'timeline', label: 'Timeline', hint: 'Every delivery and attempt' },
  { id: 'receiver', label: 'Receiver', hint: 'What arrived at the built-in endpoints' },
  { id: 'settings', label: 'Settings', hint: 'Theme, engine and storage' },
  { id: 'check', label: 'Check', hint: 'Check that a webhook endpoint verifies, rejects and tolerates as it must' },
]

export function Navigation({ current }: { current: ViewId }) {
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⚓
        </span>
        Hookbench
      </div>
      <ul>
        {VIEWS.map((view, index) => (
          <li key={view.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={view.id === current ? 'page' : undefined}
              title={`${view.hint} (Ctrl+${index + 1})`}
              data-testid={`nav-${view.id}`}
              onClick={() => showView(view.id)}
            >
              {view.label}
              <kbd>{index + 1}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
