import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiInput } from '../../../../shared/api/contract'
import { useHookbench } from '../../store/app-store'
import { previewFire } from '../../store/fire/actions'
import type { FirePreview } from './fire-request'

type Problems = FirePreview['problems']

/** Waits this long after the last change before asking the engine again. */
export const PREVIEW_DEBOUNCE_MS = 250
/** How long the editor's linter waits for the preview of its text before showing nothing. */
const LINT_WAIT_MS = 5_000

/** The payload as the editor shows it: two-space JSON. */
export const prettyPayload = (preview: FirePreview) => JSON.stringify(preview.payload, null, 2)

type Answer = { preview: FirePreview; key: string; generated: string | undefined }

/**
 * The answer shown when the panel last went (a visit to another view): back on Fire it is shown
 * at once, until the engine's new answer replaces it. Without it the targets and the payload
 * would arrive a moment later and push the rest of the panel down, away from a press on it.
 * An earlier visit's answer never counts as current: Fire asks again before sending.
 */
let shownLast: Answer | undefined

/**
 * Asks the engine what the fire would send, a moment after the request last changed (and when
 * subscriptions change). `generated` is the editor text of the last payload made without edits.
 * `problemsFor(text)` resolves with the schema problems of the preview made
 * for that editor text, so the editor can underline them when they arrive.
 */
export function useFirePreview(request: ApiInput<'previewFire'> | undefined) {
  const subscriptions = useHookbench((s) => s.subscriptions)
  const [answer, setAnswer] = useState<(Answer & { fresh: boolean }) | undefined>(() => shownLast && { ...shownLast, fresh: false })
  const [error, setError] = useState<string>()
  /** The editor text of the last payload generated without edits. */
  const [generated, setGenerated] = useState<string | undefined>(() => shownLast?.generated)
  const latest = useRef(0)
  const settled = useRef(new Map<string, Problems>())
  const waiting = useRef(new Map<string, ((problems: Problems) => void)[]>())
  const key = request === undefined ? '' : JSON.stringify(request)

  const settle = useCallback((text: string, problems: Problems) => {
    if (settled.current.size > 20) settled.current.clear()
    settled.current.set(text, problems)
    for (const resolve of waiting.current.get(text) ?? []) resolve(problems)
    waiting.current.delete(text)
  }, [])

  useEffect(() => {
    if (request === undefined) return
    const call = ++latest.current
    // The wait is for typing; with nothing to show yet, ask at once so the panel fills in a frame.
    const wait = answer === undefined ? 0 : PREVIEW_DEBOUNCE_MS
    const timer = setTimeout(() => {
      void previewFire(request).then((result) => {
        if (call !== latest.current) return
        if (!result.ok) {
          setError(result.error.message)
          if (request.body !== undefined) settle(request.body, result.error.issues ?? [])
          return
        }
        setError(undefined)
        const text = request.body ?? prettyPayload(result.data)
        const made = request.body === undefined ? text : undefined
        shownLast = { preview: result.data, key, generated: made ?? shownLast?.generated }
        setAnswer({ ...shownLast, fresh: true })
        if (made !== undefined) setGenerated(made)
        settle(text, result.data.problems)
      })
    }, wait)
    return () => clearTimeout(timer)
    // The request is compared by value: a new object with the same fields is the same request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, subscriptions, settle])

  const problemsFor = useCallback((text: string): Promise<Problems> => {
    const known = settled.current.get(text)
    if (known) return Promise.resolve(known)
    return new Promise((resolve) => {
      waiting.current.set(text, [...(waiting.current.get(text) ?? []), resolve])
      setTimeout(() => resolve([]), LINT_WAIT_MS)
    })
  }, [])

  /** Whether the preview shown answers the request as it is now (not one typed a moment ago). */
  const isCurrent = answer !== undefined && answer.fresh && answer.key === key
  return { preview: answer?.preview, isCurrent, generated, error, problemsFor }
}
