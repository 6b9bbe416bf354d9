import { useState } from 'react'
import { useHookbench } from '../../store/app-store'
import { openNewestDelivery } from '../../store/deliveries/actions'
import { deliveryList } from '../../store/deliveries/list'
import { fireEvent } from '../../store/fire/actions'
import { addNotice } from '../../store/notices/actions'
import { runScenarioById } from '../../store/runs/actions'
import { useRuns } from '../../store/runs/state'
import { showView } from '../../store/ui/actions'
import { subscriptionsRead } from '../../store/subscriptions/actions'

const HIDDEN_KEY = 'hookbench.start.hidden'
/** The built-in scenario the card runs: a flaky endpoint that recovers through retries (a few seconds at this scale). */
export const START_SCENARIO = { id: 'generic-flaky-endpoint', timeScale: 0.1 }
/** The card shows while the history is this small (a new install), unless hidden. */
const NEW_INSTALL_DELIVERIES = 50

/**
 * Three first steps for a newcomer: fire one event at the built-in inbox (it arrives signed and
 * verified), run a built-in scenario, open a delivery to see its attempts and signature.
 */
export function StartCard() {
  const status = useHookbench((s) => s.status)
  const runCount = useRuns((s) => Object.keys(s.byId).length)
  const opened = deliveryList.use((s) => s.opened)
  const [hidden, setHidden] = useState(() => globalThis.localStorage?.getItem(HIDDEN_KEY) === '1')
  const [busy, setBusy] = useState<string>()
  const deliveries = status?.counts.deliveries ?? 0
  if (hidden || !status || deliveries >= NEW_INSTALL_DELIVERIES) return null

  const fireOne = async () => {
    setBusy('fire')
    // The card shows once the status is there, which can be before the subscriptions are read.
    const subscriptions = await subscriptionsRead()
    if (!subscriptions) return setBusy(undefined)
    const inbox = subscriptions.find((s) => status.receiverUrl !== null && s.url === `${status.receiverUrl}r/inbox`)
    if (!inbox) {
      setBusy(undefined)
      return showView('fire')
    }
    const fired = await fireEvent({ provider: 'divshot', event: 'release', subscriptionIds: [inbox.id] })
    setBusy(undefined)
    const id = fired?.deliveries[0]?.id
    if (id) deliveryList.open(id)
  }
  const runScenario = async () => {
    setBusy('run')
    const started = await runScenarioById(START_SCENARIO.id, START_SCENARIO.timeScale)
    setBusy(undefined)
    if (started) addNotice('info', `Running “${started.scenarioName}”: its deliveries and retries show up here as they happen`)
  }
  const hide = () => {
    globalThis.localStorage?.setItem(HIDDEN_KEY, '1')
    setHidden(true)
  }

  return (
    <section className="start-card" aria-labelledby="start-title" data-testid="start-card">
      <div className="start-head">
        <h2 id="start-title">Start here</h2>
        <p className="muted">Hookbench plays the deployment platform: fire an event, watch it arrive at the built-in inbox, see its signature checked.</p>
        <button type="button" className="link" onClick={hide} data-testid="start-hide">
          Hide
        </button>
      </div>
      <ol className="start-steps">
        <li data-done={deliveries > 0 || undefined}>
          <button type="button" className="primary" onClick={() => void fireOne()} disabled={busy !== undefined} data-testid="start-fire">
            Fire one event
          </button>
          <span>A Divshot release to the built-in inbox, signed with Standard Webhooks and checked on arrival.</span>
        </li>
        <li data-done={runCount > 0 || undefined}>
          <button type="button" onClick={() => void runScenario()} disabled={busy !== undefined} data-testid="start-run">
            Run a built-in scenario
          </button>
          <span>
            A flaky endpoint that recovers through retries.{' '}
            <button type="button" className="link" onClick={() => showView('scenarios')} data-testid="start-library">
              See the whole library
            </button>
          </span>
        </li>
        <li data-done={opened !== undefined || undefined}>
          <button type="button" onClick={() => void openNewestDelivery()} disabled={deliveries === 0} data-testid="start-open">
            Open a delivery
          </button>
          <span>Its body, every attempt with its timings, and the signature broken down.</span>
        </li>
      </ol>
    </section>
  )
}
