import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import type { ProviderId } from '../../../../shared/platforms'
import type { Result } from '../../../../shared/result'
import type { Subscription, SubscriptionDraft } from '../../../../shared/schemas/subscription'
import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { call } from '../engine/call'
import { freshRead } from '../fresh-read'
import { addNotice } from '../notices/actions'

type Changes = ApiInput<'updateSubscription'>['changes']

const list = freshRead(
  () => call(api.listSubscriptions({})),
  (subscriptions) => useHookbench.getState().setSubscriptions(subscriptions),
)

export const loadSubscriptions = list.load

/** A subscription as the engine saved it, shown at once (a reopened form shows what was saved, before the engine's event comes). */
const shown = <T extends Result<Subscription>>(result: T): T => {
  if (result.ok) list.put(() => useHookbench.getState().putSubscription(result.data))
  return result
}

/** The subscriptions, read first when asked before the list's first read (a quick click); undefined when they cannot be read. */
export async function subscriptionsRead(): Promise<Subscription[] | undefined> {
  if (!useHookbench.getState().subscriptionsLoaded) await loadSubscriptions()
  const { subscriptions, subscriptionsLoaded } = useHookbench.getState()
  return subscriptionsLoaded ? subscriptions : undefined
}

/**
 * Saves the subscription form: a new subscription's whole draft, or only the changes of one
 * being edited. Says so once saved; the engine's answer is returned whole, so a refusal's issues
 * can be shown next to their fields.
 */
export async function saveSubscription(input: { draft: SubscriptionDraft } | { id: string; changes: Changes }): Promise<Result<Subscription>> {
  const result = shown('draft' in input ? await api.createSubscription(input.draft) : await api.updateSubscription({ id: input.id, changes: input.changes }))
  if (result.ok) addNotice('info', 'draft' in input ? `Added “${result.data.name}”` : `Saved “${result.data.name}”`)
  return result
}

/** One change from the list (enable, pause, resume); a refusal becomes a notice. */
export async function updateSubscription(id: string, changes: Changes) {
  await call(api.updateSubscription({ id, changes }).then(shown))
}

/** Changes that take effect at once, without the form's Save (a rotation, a retirement); the engine's answer whole. */
export const applySubscriptionChanges = (id: string, changes: Changes): Promise<Result<Subscription>> => api.updateSubscription({ id, changes }).then(shown)

/** Deletes a subscription; true once the engine did. */
export async function deleteSubscription(id: string): Promise<boolean> {
  if ((await call(api.deleteSubscription({ id }))) === undefined) return false
  list.put(() => useHookbench.getState().dropSubscription(id))
  return true
}

/** Makes a subscription again from a draft (the Undo of a delete). */
export const recreateSubscription = (draft: SubscriptionDraft): Promise<Subscription | undefined> => call(api.createSubscription(draft).then(shown))

/** A page of the subscription's deliveries as its platform shows them (Qovery's event log, CharlesCD's messages and card). */
export const readPlatformLog = (id: string, cursor?: string): Promise<ApiOutput<'getPlatformLog'> | undefined> =>
  call(api.getPlatformLog({ id, ...(cursor !== undefined && { cursor }) }))

/** Which of the platform's latest events the filters let through, judged by the engine (its answer whole). */
export const previewFilters = (request: ApiInput<'previewFilters'>) => api.previewFilters(request)

/** Fires one event of the catalog at this subscription only (its filters still apply); the engine's answer whole. */
export const fireTestEvent = (subscriptionId: string, provider: ProviderId, event: string) => api.fireEvent({ provider, event, subscriptionIds: [subscriptionId] })
