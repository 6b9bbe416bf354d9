/** What happens after an attempt, decided by the delivery's retry policy. */
export type Decision =
  | { kind: 'delivered'; note?: string }
  | { kind: 'retry'; delayMs: number; note?: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'disable'; reason: string }
