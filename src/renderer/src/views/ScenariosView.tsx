import { EmptyState, Page } from '../components/Page'

export function ScenariosView() {
  return (
    <Page title="Scenarios" intro="Script a rollout or a deploy: events, waits and failures, replayable.">
      <EmptyState title="No scenarios yet">Saved scenarios appear here.</EmptyState>
    </Page>
  )
}
