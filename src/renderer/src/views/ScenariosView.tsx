import { Page } from '../components/Page'

/** The scenario studio: library, editor, runs. */
export function ScenariosView() {
  return (
    <Page title="Scenarios" intro="Rollout and deploy stories told as webhooks: write, run and replay them.">
      <p className="muted">The scenario studio is being built.</p>
    </Page>
  )
}
