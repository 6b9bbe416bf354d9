import type { Capture } from '../../shared/schemas/receiver'

export const DEFAULT_CAPTURE_LIMIT = 500

/**
 * The last N captures in memory, newest first, so the receiver works without the engine.
 * A capture reported again (its forward finished) replaces the earlier version in place.
 */
export class CaptureLog {
  readonly #captures: Capture[] = []

  constructor(readonly limit = DEFAULT_CAPTURE_LIMIT) {}

  add(capture: Capture): void {
    const at = this.#captures.findIndex((c) => c.id === capture.id)
    if (at !== -1) {
      this.#captures[at] = capture
      return
    }
    this.#captures.unshift(capture)
    if (this.#captures.length > this.limit) this.#captures.length = this.limit
  }

  list(): Capture[] {
    return [...this.#captures]
  }

  get(id: string): Capture | undefined {
    return this.#captures.find((c) => c.id === id)
  }

  clear(): void {
    this.#captures.length = 0
  }
}
