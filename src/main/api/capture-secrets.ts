import type { Capture } from '../../shared/schemas/receiver'
import type { Engine } from '../engine/engine'
import { PLAIN_SECRET_HEADERS } from '../../shared/platforms'
import { type SecretMask, secretMask } from '../signing/redact'

/**
 * A mask for what captures may hold of the user's secrets: every subscription's secrets (current
 * and previous), every endpoint's verify secrets, the secrets of the deliveries they came from,
 * and the platforms' plain-secret headers (plus those the endpoints name).
 */
export async function captureSecretMask(engine: Engine, captures: Iterable<Pick<Capture, 'deliveryId'>>): Promise<SecretMask> {
  const secrets: Array<string | undefined> = []
  const names = [...PLAIN_SECRET_HEADERS]
  for (const subscription of engine.subscriptions.list()) secrets.push(subscription.signing.secret, subscription.signing.previousSecret)
  for (const endpoint of engine.receiver.endpoints()) {
    secrets.push(...(endpoint.verify?.secrets ?? []))
    names.push(...(endpoint.verify?.secretHeaders ?? []))
  }
  const deliveryIds = new Set([...captures].flatMap((capture) => (capture.deliveryId ? [capture.deliveryId] : [])))
  for (const id of deliveryIds) {
    const delivery = await engine.deliveries.get(id).catch(() => undefined)
    if (delivery) {
      secrets.push(delivery.signing.secret, delivery.signing.previousSecret)
      names.push(...delivery.secretHeaders)
    }
  }
  return secretMask(secrets, names)
}
