import type { Attempt, Delivery } from '../../../../shared/schemas/delivery'
import type { Capture } from '../../../../shared/schemas/receiver'
import { type ExchangeSide, statusLabel } from './attempt-diff'
import { decodeBody } from '../../components/body-format'

/** A delivery's attempt (the last one by default) as one side of "Compare with…": its request with the delivery's body. */
export function deliverySide(delivery: Delivery, attempt: Attempt | undefined = delivery.attempts.at(-1)): ExchangeSide {
  return {
    status: attempt ? statusLabel(attempt) : `not sent (${delivery.status})`,
    requestHeaders: attempt?.headers ?? delivery.headers,
    requestBody: { body: delivery.body },
    responseHeaders: attempt?.response?.headers ?? [],
    ...(attempt?.response && { responseBody: attempt.response }),
  }
}

/** What the built-in receiver recorded: the request as it arrived and the answer it gave. */
export function captureSide(capture: Capture): ExchangeSide {
  return {
    status: capture.response ? String(capture.response.status) : `no response (${capture.outcome})`,
    requestHeaders: capture.headers,
    requestBody: { body: new TextDecoder().decode(decodeBody({ base64: capture.bodyBase64 }).bytes) },
    responseHeaders: capture.response?.headers ?? [],
    ...(capture.response && { responseBody: { body: capture.response.body } }),
  }
}

