import type { Attempt, Delivery } from '../../shared/schemas/delivery'
import type { HeaderPair } from '../../shared/schemas/http'
import type { Capture } from '../../shared/schemas/receiver'
import type { RunSummary } from '../../shared/schemas/run'
import { secretFingerprint } from './hmac'

/** How people see a secret: its SHA-256 fingerprint, never the value (spec §5.4). */
export const secretLabel = (secret: string) => `sha256:${secretFingerprint(secret)}…`


/**
 * Shorter secrets are replaced only where a header's whole value is the secret: inside longer
 * text a two-letter secret would match by chance and hide unrelated characters.
 */
const MIN_EMBEDDED_LENGTH = 8

/** Replaces known secrets with their labels in what is shown; reports whether it replaced any. */
export interface SecretMask {
  headers(headers: readonly HeaderPair[]): HeaderPair[]
  text(text: string): string
  /** Whether anything given to this mask so far held a secret. */
  found(): boolean
}

/**
 * A mask for these secrets: headers named in `secretHeaders` show their value's label whatever
 * it is; any other header value or text shows a label wherever a known secret appears in it.
 */
export function secretMask(secrets: Iterable<string | undefined>, secretHeaders: Iterable<string> = []): SecretMask {
  const known = [...new Set([...secrets].filter((s): s is string => s !== undefined && s !== ''))].sort((a, b) => b.length - a.length)
  const named = new Set([...secretHeaders].map((name) => name.toLowerCase()))
  let replaced = false
  const text = (value: string) => {
    let out = value
    for (const secret of known) {
      if (out === secret || (secret.length >= MIN_EMBEDDED_LENGTH && out.includes(secret))) {
        out = out.split(secret).join(secretLabel(secret))
        replaced = true
      }
    }
    return out
  }
  const header = ([name, value]: HeaderPair): HeaderPair => {
    if (!named.has(name.toLowerCase()) || value === '') return [name, text(value)]
    replaced = true
    return [name, secretLabel(value)]
  }
  return { headers: (headers) => headers.map(header), text, found: () => replaced }
}

/** The secrets a delivery was signed with, and the headers it carries one in as plain text. */
export const deliveryMask = (delivery: Pick<Delivery, 'signing' | 'secretHeaders'>) =>
  secretMask([delivery.signing.secret, delivery.signing.previousSecret], delivery.secretHeaders)

/**
 * A delivery as shown when its secrets are not asked for: signing secrets, plain-secret headers
 * and any echo of a secret in a response, as labels. The engine keeps the real one to sign retries.
 */
export function redactDelivery(delivery: Delivery): Delivery {
  const mask = deliveryMask(delivery)
  const { signing } = delivery
  return {
    ...delivery,
    signing: {
      ...signing,
      ...(signing.secret !== undefined && { secret: secretLabel(signing.secret) }),
      ...(signing.previousSecret !== undefined && { previousSecret: secretLabel(signing.previousSecret) }),
    },
    headers: mask.headers(delivery.headers),
    attempts: delivery.attempts.map((attempt) => redactAttempt(attempt, mask)),
  }
}

function redactAttempt(attempt: Attempt, mask: SecretMask): Attempt {
  const { response } = attempt
  return {
    ...attempt,
    headers: mask.headers(attempt.headers),
    ...(response && { response: { ...response, headers: mask.headers(response.headers), body: mask.text(response.body) } }),
  }
}

/** A capture with the secrets the mask knows as labels (its body is left as received). */
export function redactCapture(capture: Capture, mask: SecretMask): Capture {
  const { response } = capture
  return {
    ...capture,
    headers: mask.headers(capture.headers),
    ...(response && { response: { ...response, headers: mask.headers(response.headers), body: mask.text(response.body) } }),
    ...(capture.forward && { forward: { ...capture.forward, headers: mask.headers(capture.forward.headers), bodyPreview: mask.text(capture.forward.bodyPreview) } }),
  }
}

/** A run as shown: the secret it was given for its targets, as a label. */
export function redactRun<R extends Pick<RunSummary, 'options'>>(run: R): R {
  const { secret } = run.options
  return secret === undefined ? run : { ...run, options: { ...run.options, secret: secretLabel(secret) } }
}
