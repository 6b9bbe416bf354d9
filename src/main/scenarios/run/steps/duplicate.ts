import { deliveriesOfFire, latestFireWithId } from './deliveries-of'
import { type StepHandler, plural } from './step'

/**
 * `duplicate: <id>`: the platform sends that fire's deliveries again (to one of the file's
 * subscriptions only, when the step names it), same ids, once they are final.
 */
export const duplicate: StepHandler<'duplicate'> = async ({ session, cursor, action }) => {
  const index = latestFireWithId(session.plan, action.ref, action.index)
  const all = index === undefined ? [] : deliveriesOfFire(session, index, action.ref)
  const to = action.subscription
  const ids = to === undefined ? all : all.filter((id) => session.run.routes[session.host.summary(id)?.subscriptionId ?? '']?.name === to)
  if (to !== undefined && ids.length === 0) return { passed: false, message: `${action.ref} made no delivery to "${to}", so there is nothing to send again`, deliveryIds: [] }
  await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
  for (const id of ids) await session.host.redeliver(id)
  return { passed: true, message: `${plural(ids.length, 'delivery', 'deliveries')} of ${action.ref}${to ? ` to ${to}` : ''} sent again with the same id`, deliveryIds: ids }
}
