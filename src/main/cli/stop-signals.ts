/** The exit status of a command stopped by a signal: 128 + its number, as shells report it. */
export const STOP_EXIT = { SIGINT: 130, SIGTERM: 143 } as const
export type StopSignal = keyof typeof STOP_EXIT

/** How a command stopped by `ctx.signal` exits: 143 after SIGTERM, 130 after Ctrl+C (or any other abort). */
export const stopExitCode = (signal: AbortSignal): number => (signal.reason === 'SIGTERM' ? STOP_EXIT.SIGTERM : STOP_EXIT.SIGINT)

interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown
}

/**
 * Ctrl+C or SIGTERM aborts `controller` (its reason names the signal), so the running command
 * stops cleanly: saves, releases the data directory, exits 130 or 143. A second one stops at
 * once, for a clean-up that hangs.
 */
export function stopOnSignals(source: SignalSource, controller: AbortController, force: (code: number) => void) {
  for (const signal of Object.keys(STOP_EXIT) as StopSignal[]) {
    source.on(signal, () => {
      if (controller.signal.aborted) force(STOP_EXIT[signal])
      else controller.abort(signal)
    })
  }
}

/** What `work` gives, or undefined when `signal` aborts first (the caller then cleans up and exits). */
export function untilDoneOrStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  const stopped = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }))
  return Promise.race([work, stopped])
}
