import { Page } from '../components/Page'
import { Controllers } from './fire/Controllers'
import { FirePanel } from './fire/FirePanel'

export function FireView() {
  return (
    <Page title="Fire" intro="Fire one platform event on demand: see and edit the payload, the headers each subscription gets, then send. And make Ocean CD controllers lose their heartbeat.">
      <FirePanel />
      <Controllers />
    </Page>
  )
}
