/**
 * What the UI says when the engine cannot be reached or answers in command-line words: pure, so
 * it is tested without a browser.
 */

export const UNREACHABLE = 'Engine unreachable'

/** What browsers say when a request got no answer at all (Chromium, Firefox, Safari). */
const NO_ANSWER = [/failed to fetch/i, /networkerror/i, /load failed/i, /network request failed/i]

/**
 * Why a call to the engine failed before the engine could answer it: nothing answered, or
 * something other than the engine did (`httpStatus`, a body that is not the engine's JSON).
 */
export function transportFailure(error: unknown, httpStatus?: number): string {
  if (httpStatus !== undefined) return `${UNREACHABLE}: the server answered HTTP ${httpStatus}, not the engine (a proxy, or another program on this port?)`
  const text = error instanceof Error ? error.message : String(error)
  if (NO_ANSWER.some((pattern) => pattern.test(text))) return `${UNREACHABLE}: no answer (is Hookbench still running?)`
  return `${UNREACHABLE}: ${text}`
}

export type Connection = 'connecting' | 'connected' | 'unreachable'

/** The status bar's words for the connection; the reason is said once, whatever it starts with. */
export function connectionText(connection: Connection, reason: string | undefined): string {
  if (connection === 'connected') return 'Engine connected'
  if (connection === 'connecting') return 'Connecting…'
  const detail = (reason ?? '').replace(new RegExp(`^(${UNREACHABLE}:?\\s*)+`, 'i'), '').trim()
  return detail ? `${UNREACHABLE}: ${detail}` : UNREACHABLE
}

/**
 * The engine's messages are shared with the command line, where a flag is the way out
 * ("pass --var app=..."); the UI names its own field instead.
 */
const UI_WORDS: Array<[RegExp, string]> = [
  [/\bpass --var (\w+)=\.\.\./g, 'set $1=… in Variables when you run it'],
]

/** A message from the engine as the UI shows it: command-line flags replaced by what to do on screen. */
export function inUiWords(message: string): string {
  return UI_WORDS.reduce((text, [pattern, words]) => text.replace(pattern, words), message)
}
