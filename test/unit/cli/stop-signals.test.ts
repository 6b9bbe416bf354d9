import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { SAME_STOP_MS, stopExitCode, stopOnSignals, untilDoneOrStopped } from '../../../src/main/cli/stop-signals'

/** Signals to emit, the controller they abort, the exit codes forced, and the clock moved on by `later(ms)`. */
function stopping() {
  const signals = new EventEmitter()
  const controller = new AbortController()
  const forced: number[] = []
  let now = 1_000
  stopOnSignals(signals, controller, (code) => forced.push(code), () => now)
  return { signals, controller, forced, later: (ms: number) => void (now += ms) }
}

describe('stop signals', () => {
  it('aborts the command on the first Ctrl+C, naming the signal, and forces exit 130 on a second one later', () => {
    const { signals, controller, forced, later } = stopping()
    signals.emit('SIGINT')
    expect(controller.signal.reason).toBe('SIGINT')
    expect(stopExitCode(controller.signal)).toBe(130)
    expect(forced).toEqual([])
    later(SAME_STOP_MS + 1)
    signals.emit('SIGINT')
    expect(forced).toEqual([130])
  })

  it('takes one Ctrl+C that arrives twice (from the terminal and from a launcher that forwards it, as npm start does) as one stop', () => {
    const { signals, controller, forced, later } = stopping()
    signals.emit('SIGINT')
    later(3)
    signals.emit('SIGINT')
    later(SAME_STOP_MS - 3)
    signals.emit('SIGTERM')
    expect(forced).toEqual([])
    expect(controller.signal.reason).toBe('SIGINT')
    later(1)
    signals.emit('SIGTERM')
    expect(forced).toEqual([143])
  })

  it('exits 143 after SIGTERM, and a second SIGTERM forces 143', () => {
    const { signals, controller, forced, later } = stopping()
    signals.emit('SIGTERM')
    expect(stopExitCode(controller.signal)).toBe(143)
    later(SAME_STOP_MS + 1)
    signals.emit('SIGTERM')
    expect(forced).toEqual([143])
  })

  it('gives the work its result, or nothing once stopped', async () => {
    const controller = new AbortController()
    expect(await untilDoneOrStopped(Promise.resolve(7), controller.signal)).toBe(7)
    const never = new Promise<number>(() => {})
    const stopped = untilDoneOrStopped(never, controller.signal)
    controller.abort('SIGINT')
    expect(await stopped).toBeUndefined()
  })
})
