/** The exit status of a command stopped by a signal: 128 + its number, as shells report it. */
export const STOP_EXIT = { SIGINT: 130, SIGTERM: 143 } as const
export type StopSignal = keyof typeof STOP_EXIT

/** How a command stopped by `ctx.signal` exits: 143 after SIGTERM, 130 after Ctrl+C (or any other abort). */
export const stopExitCode = (signal: AbortSignal): number => (signal.reason === 'SIGTERM' ? STOP_EXIT.SIGTERM : STOP_EXIT.SIGINT)

interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown
}

/**
 * A repeat of the signal within this long is the same stop reaching the process twice: a launcher
 * that forwards Ctrl+C (`npm start`'s web mode, concurrently, a process manager) to a child that the
 * terminal's Ctrl+C reached already.
 */
export const SAME_STOP_MS = 500

/**
 * Ctrl+C or SIGTERM aborts `controller` (its reason names the signal), so the running command
 * stops cleanly: saves, releases the data directory, exits 130 or 143. Another one later than
 * SAME_STOP_MS stops at once, for a clean-up that hangs. `now` is the clock in milliseconds.
 */
export function stopOnSignals(source: SignalSource, controller: AbortController, force: (code: number) => void, now: () => number) {
  let firstAt = 0
  for (const signal of Object.keys(STOP_EXIT) as StopSignal[]) {
    source.on(signal, () => {
      if (!controller.signal.aborted) {
        firstAt = now()
        controller.abort(signal)
      } else if (now() - firstAt > SAME_STOP_MS) force(STOP_EXIT[signal])
    })
  }
}

/** What `work` gives, or undefined when `signal` aborts first (the caller then cleans up and exits). */
export function untilDoneOrStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  const stopped = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }))
  return Promise.race([work, stopped])
}
