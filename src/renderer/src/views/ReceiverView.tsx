import { EmptyState, Page } from '../components/Page'
import { useHookbench } from '../store/store'

export function ReceiverView() {
  const receiverUrl = useHookbench((s) => s.status?.receiverUrl)
  return (
    <Page title="Receiver" intro="Local endpoints that capture every request byte for byte.">
      <EmptyState title="Nothing captured yet">
        {receiverUrl ? (
          <>
            Send a request to <code>{receiverUrl}</code>.
          </>
        ) : (
          'The receiver is not running.'
        )}
      </EmptyState>
    </Page>
  )
}
