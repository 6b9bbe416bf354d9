import { deliveriesOfFire, latestFireWithId } from './deliveries-of'
import { type StepHandler, plural } from './step'

/** `duplicate: <id>`: the platform sends that fire's deliveries again, same ids, once they are final. */
export const duplicate: StepHandler<'duplicate'> = async ({ session, cursor, action }) => {
  const index = latestFireWithId(session.plan, action.ref, action.index)
  const ids = index === undefined ? [] : deliveriesOfFire(session, index, action.ref)
  await cursor.park(Promise.all(ids.map((id) => session.host.whenFinal(id))))
  for (const id of ids) await session.host.redeliver(id)
  return { passed: true, message: `${plural(ids.length, 'delivery', 'deliveries')} of ${action.ref} sent again with the same id`, deliveryIds: ids }
}
