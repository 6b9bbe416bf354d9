import { EmptyState, Page } from '../components/Page'

export function SubscriptionsView() {
  return (
    <Page title="Subscriptions" intro="Which events go where, signed how, retried how.">
      <EmptyState title="No subscriptions yet">Subscriptions appear here.</EmptyState>
    </Page>
  )
}
