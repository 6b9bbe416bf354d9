import { EmptyState, Page } from '../components/Page'
import { useHookbench } from '../store/store'

export function TimelineView() {
  const status = useHookbench((s) => s.status)
  return (
    <Page title="Timeline" intro="Every delivery, attempt, retry, response and signature, newest first.">
      <div className="counters" data-testid="engine-counters">
        <Counter label="Deliveries" value={status?.counts.deliveries} />
        <Counter label="Pending" value={status?.counts.pendingDeliveries} />
        <Counter label="Captures" value={status?.counts.captures} />
        <Counter label="Subscriptions" value={status?.counts.subscriptions} />
      </div>
      <EmptyState title="No deliveries yet">Fire an event from the command line (hookbench fire) or a scenario; its delivery shows up here.</EmptyState>
    </Page>
  )
}

function Counter({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="counter">
      <span className="counter-value">{value ?? '–'}</span>
      <span className="counter-label">{label}</span>
    </div>
  )
}
