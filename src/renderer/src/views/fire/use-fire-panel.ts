import { useCallback, useEffect, useRef, useState } from 'react'
import type { CodeProblem } from '../../components/CodeEditor'
import { useHookbench } from '../../store/app-store'
import { selectPlatformEvents } from '../../store/catalog/selectors'
import { fireEvent, previewForFire } from '../../store/fire/actions'
import { type FireDraft, isChosen, rememberPick, setDraft, useFireDraft } from '../../store/fire/draft'
import { type FirePreview, chosenIn, fireRequestOf, payloadEditsOf, whyBlocked } from './fire-request'
import { placeProblems, syntaxProblems } from './json-problems'
import { useFirePreview } from './use-fire-preview'

/**
 * The fire panel's state and actions: the draft (kept in its store, so a visit to another view
 * loses no edit), the request it makes, the engine's preview of it, and what the panel's parts
 * do (change the choice, edit or regenerate the payload, tick targets, fire). The parts render
 * what it gives and call what it offers.
 */
export function useFirePanel() {
  const draft = useFireDraft()
  const { provider, edited, picks, sendAnyway } = draft
  const [blocked, setBlocked] = useState<string>()
  const [firing, setFiring] = useState(false)
  const events = useHookbench(selectPlatformEvents(provider))
  // Until the catalog is read there is no event to fire: Fire waits rather than saying "choose an event".
  const ready = useHookbench((s) => s.catalogLoaded)
  const fire = fireRequestOf(draft, events)
  const { request } = fire
  const { preview, isCurrent, generated, error: previewError, problemsFor } = useFirePreview(request)
  const chosen = chosenIn(picks, preview)
  const problems = fire.edited && !fire.edited.ok ? [] : (preview?.problems ?? [])
  const candidates = preview?.requests.length ?? 0

  /** A change of platform, event, context or seed: an edited payload is kept, and flagged as made for the earlier choice. */
  const changeChoice = (changes: Partial<FireDraft>) => {
    setDraft({ ...changes, result: undefined, ...(edited !== undefined && { staleEdit: true }) })
    setBlocked(undefined)
  }

  const regenerate = () => setDraft({ edited: undefined, editBase: undefined, staleEdit: false, sendAnyway: false })

  const editPayload = (text: string) => {
    // The editor reports the text it was given too (the generated payload, or nothing yet): that is no edit.
    if (edited === undefined && text === (generated ?? '')) return
    setDraft({ edited: text, ...(edited === undefined && { editBase: generated }) })
    setBlocked(undefined)
  }

  const lintPayload = useCallback(
    async (text: string): Promise<CodeProblem[]> => {
      // An empty editor is a payload still being generated (an emptied one is reported under it).
      if (text.trim() === '') return []
      const syntax = syntaxProblems(text)
      if (syntax.length > 0) return syntax
      return placeProblems(text, await problemsFor(text))
    },
    [problemsFor],
  )

  const toggleTarget = (id: string) => setDraft({ picks: rememberPick(picks, id, isChosen(picks, id, candidates)) })
  const setSendAnyway = (value: boolean) => setDraft({ sendAnyway: value })

  async function send() {
    if (firing || !ready) return
    setFiring(true)
    try {
      // What was typed a moment ago may not be previewed yet: fire what it gives, not the older preview.
      const answer: FirePreview | undefined = isCurrent ? preview : request && (await previewForFire(request))
      const reason = whyBlocked(fire, draft, answer, previewError)
      setBlocked(reason)
      if (reason || !request || !answer) return
      const fired = await fireEvent({
        ...request,
        seed: answer.seed,
        // As generated, the payload is made again now, with now's timestamps; an edited one is sent as typed.
        ...(edited !== undefined && { occurredAt: answer.occurredAt }),
        allowInvalid: sendAnyway && answer.problems.length > 0,
        subscriptionIds: chosenIn(picks, answer).map((r) => r.subscriptionId),
      })
      if (fired) setDraft({ result: fired })
    } finally {
      setFiring(false)
    }
  }

  // Ctrl/Cmd+Enter fires from anywhere in the view, the editor included (before it inserts a line).
  const sendRef = useRef(send)
  useEffect(() => {
    sendRef.current = send
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      e.preventDefault()
      e.stopPropagation()
      void sendRef.current()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  return {
    draft,
    events,
    fire,
    preview,
    previewError,
    problems,
    chosen,
    blocked,
    firing,
    /** The catalog is read: Fire can send. */
    ready,
    /** The editor's text: the user's, or the payload generated for the choice. */
    editorText: edited ?? generated ?? '',
    isTarget: (id: string) => isChosen(picks, id, candidates),
    /** The user's payload edits as a scenario step's overrides, or why they cannot be saved. */
    payloadEdits: () => payloadEditsOf(draft, fire.edited),
    changeChoice,
    regenerate,
    editPayload,
    lintPayload,
    toggleTarget,
    setSendAnyway,
    send,
  }
}

export type FirePanelModel = ReturnType<typeof useFirePanel>
