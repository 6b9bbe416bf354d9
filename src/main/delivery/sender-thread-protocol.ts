import type { OutgoingRequest, SendResult } from './http-sender'

/** What the engine posts to its sending thread, several per message (one message per turn). */
export type SenderOp =
  | { kind: 'send'; id: number; request: Omit<OutgoingRequest, 'signal'>; abandonable: boolean }
  | { kind: 'abandon'; id: number }

/** The sending thread's first message: it takes requests from here on. */
export const READY = 'ready'

/** What the sending thread posts back after READY: each request's result, several per message. */
export type SenderAnswer = [id: number, result: SendResult]

/** Items gathered during one turn of the event loop and handed over together at its end. */
export function perTurn<T>(deliver: (items: T[]) => void): (item: T) => void {
  let items: T[] = []
  const flush = () => {
    const batch = items
    items = []
    deliver(batch)
  }
  return (item) => {
    if (items.length === 0) setImmediate(flush)
    items.push(item)
  }
}
