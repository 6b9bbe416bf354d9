import { useCallback, useEffect, useId, useState } from 'react'
import { ProviderId } from '../../../../shared/platforms'
import type { CatalogEntry } from '../../../../shared/platforms/catalog'
import { type DeliverySummary, summarizeDelivery } from '../../../../shared/schemas/delivery'
import type { Subscription } from '../../../../shared/schemas/subscription'
import { Badge } from '../../components/Http'
import { peekDelivery } from '../../store/deliveries/actions'
import { deliveryList, onLiveDeliveries } from '../../store/deliveries/list'
import { fireTestEvent } from '../../store/subscriptions/actions'
import { showView } from '../../store/ui/actions'
import { STATUS_TONE } from '../timeline/status-tone'
import { testEventChoices, testOutcomeText } from './subscription-tools'

type Outcome = { kind: 'sending' } | { kind: 'queued'; id: string } | { kind: 'skipped'; reason: string } | { kind: 'problem'; message: string } | { kind: 'delivery'; delivery: DeliverySummary }

/** The delivery as it changes, from the moment it was queued until it is final. */
function useTrackedDelivery(id: string | undefined, onUpdate: (delivery: DeliverySummary) => void) {
  useEffect(() => {
    if (!id) return
    let current = true
    const stop = onLiveDeliveries((items) => {
      const mine = items.filter((d) => d.id === id).at(-1)
      if (mine && current) onUpdate(mine)
    })
    // It may have been delivered before this listener was in place.
    void peekDelivery(id).then((delivery) => current && delivery && onUpdate(summarizeDelivery(delivery)))
    return () => {
      current = false
      stop()
    }
  }, [id, onUpdate])
}

/**
 * Sends one event of the catalog to this subscription only (its filters still apply, as on any
 * fire) and shows what came of it, with a way to its attempts in the Timeline.
 */
export function TestEvent({ subscription, catalog }: { subscription: Subscription; catalog: CatalogEntry[] }) {
  const choices = testEventChoices(subscription.provider, catalog)
  const [picked, setPicked] = useState(0)
  const [genericEvent, setGenericEvent] = useState('hookbench.test')
  const [outcome, setOutcome] = useState<Outcome>()
  const [tracking, setTracking] = useState<string>()
  const id = useId()
  const isGeneric = choices.length === 0 && subscription.provider === 'generic'
  // Updates can arrive out of order (the first fetch races the live stream): the newest wins.
  const update = useCallback(
    (delivery: DeliverySummary) => setOutcome((before) => (before?.kind === 'delivery' && before.delivery.updatedAt > delivery.updatedAt ? before : { kind: 'delivery', delivery })),
    [],
  )
  useTrackedDelivery(tracking, update)

  const send = async () => {
    const choice = choices[picked]
    const provider = isGeneric ? 'generic' : ProviderId.safeParse(choice?.provider).data
    const event = isGeneric ? genericEvent.trim() : choice?.event
    if (!provider || !event) return setOutcome({ kind: 'problem', message: isGeneric ? 'Type an event name first.' : 'This subscription has no event to test with.' })
    setTracking(undefined)
    setOutcome({ kind: 'sending' })
    const result = await fireTestEvent(subscription.id, provider, event)
    if (!result.ok) return setOutcome({ kind: 'problem', message: `Not sent: ${result.error.message}` })
    const [queued] = result.data.deliveries
    if (!queued) return setOutcome({ kind: 'skipped', reason: result.data.skipped[0]?.reason ?? 'no delivery was made' })
    setOutcome({ kind: 'queued', id: queued.id })
    setTracking(queued.id)
  }

  const openInTimeline = (deliveryId: string) => {
    deliveryList.setFilter({ subscriptionId: subscription.id })
    deliveryList.open(deliveryId)
    showView('timeline')
  }

  return (
    <div className="wide test-event" role="group" aria-labelledby={`${id}-title`} data-testid="test-event">
      <span id={`${id}-title`} className="group-title">
        Send a test event
      </span>
      <div className="test-event-row">
        {isGeneric ? (
          <label className="inline-field">
            Event name
            <input type="text" value={genericEvent} onChange={(e) => setGenericEvent(e.target.value)} data-testid="test-event-name" />
          </label>
        ) : (
          <label className="inline-field">
            Event
            <select value={picked} onChange={(e) => setPicked(Number(e.target.value))} disabled={choices.length === 0} data-testid="test-event-choice">
              {choices.map((choice, index) => (
                <option key={`${choice.provider}:${choice.event}`} value={index}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => void send()} disabled={outcome?.kind === 'sending'} data-testid="test-event-send">
          Send test event
        </button>
        <span className="test-event-outcome" role="status" data-testid="test-event-outcome">
          <OutcomeView outcome={outcome} onOpen={openInTimeline} />
        </span>
      </div>
      <small className="help muted">Sent to this subscription only; its filters and signing apply as on any fire. Unsaved edits are not used.</small>
    </div>
  )
}

function OutcomeView({ outcome, onOpen }: { outcome: Outcome | undefined; onOpen: (id: string) => void }) {
  if (!outcome) return null
  if (outcome.kind === 'sending') return <span className="muted">Sending…</span>
  if (outcome.kind === 'problem') return <span className="error">{outcome.message}</span>
  if (outcome.kind === 'skipped') return <span className="error">Not sent: {outcome.reason}.</span>
  if (outcome.kind === 'queued') return <span className="muted">Queued…</span>
  const { delivery } = outcome
  return (
    <>
      <Badge tone={STATUS_TONE[delivery.status]} testId="test-event-status">
        {delivery.status}
      </Badge>{' '}
      <span data-testid="test-event-text">{testOutcomeText(delivery)}</span>{' '}
      <button type="button" className="link" onClick={() => onOpen(delivery.id)} data-testid="test-event-open">
        Open in Timeline
      </button>
    </>
  )
}
