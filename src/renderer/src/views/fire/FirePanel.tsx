import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiInput, ApiOutput } from '../../../../shared/api/contract'
import { ProviderId } from '../../../../shared/platforms'
import { CodeEditor, type CodeProblem } from '../../components/CodeEditor'
import { Field } from '../../components/Field'
import { Badge } from '../../components/Http'
import { Select } from '../../components/Select'
import { useHookbench } from '../../store/app-store'
import { selectPlatformEvents } from '../../store/catalog/selectors'
import { type FireDraft, GENERIC_EXAMPLE, freshSeed, isChosen, rememberPick, setDraft, useFireDraft } from '../../store/fire/draft'
import { fireEvent, previewForFire } from '../../store/fire/actions'
import { showView } from '../../store/ui/actions'
import { CONTEXT_CHOICES, CONTEXT_FIELDS, CONTEXT_LABELS, type ContextKey, contextOf } from './context-fields'
import { placeProblems, syntaxProblems } from './json-problems'
import { type PayloadEdits, editsAsOverrides } from './payload-edits'
import { SaveAsStep } from './SaveAsStep'
import { TargetList } from './TargetList'
import { type FirePreview, useFirePreview } from './use-fire-preview'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }


/** JSON text as a value, or the parser's complaint. */
function readJson(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    const value: Json = JSON.parse(text)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
  }
}

/**
 * The fire panel: choose a platform's event and its context, see the payload generated live (and
 * edit it), the headers each subscription will get, choose who receives it, fire, or save it as a
 * scenario step.
 */
export function FirePanel() {
  const catalog = useHookbench((s) => s.catalog)
  const { provider, eventChoice, genericEvent, fields, seed, template, edited, editBase, staleEdit, picks, sendAnyway, result } = useFireDraft()
  const [blocked, setBlocked] = useState<string>()
  const [firing, setFiring] = useState(false)

  const generic = provider === 'generic'
  const events = useHookbench(selectPlatformEvents(provider))
  const event = generic ? genericEvent.trim() : events.some((e) => e.name === eventChoice) ? eventChoice : (events[0]?.name ?? '')
  const context = contextOf(fields, provider)
  const parsedTemplate = readJson(template)
  const editedJson = edited === undefined ? undefined : readJson(edited)

  /** The request as the engine takes it; undefined while something typed cannot be sent (a reason is shown). */
  const request: ApiInput<'previewFire'> | undefined =
    !event || !parsedTemplate.ok || (editedJson && !editedJson.ok)
      ? undefined
      : {
          provider,
          event,
          context,
          seed,
          ...(edited !== undefined && { body: edited }),
          ...(generic && { definition: { name: event, template: parsedTemplate.value, headers: [] } }),
        }
  const { preview, isCurrent, generated: generatedText, error: previewError, problemsFor } = useFirePreview(request)
  const editorText = edited ?? generatedText ?? ''
  const chosenIn = (answer: FirePreview | undefined) => (answer?.requests ?? []).filter((r) => isChosen(picks, r.subscriptionId, answer?.requests.length ?? 0))
  const chosen = chosenIn(preview)
  const problems = editedJson && !editedJson.ok ? [] : (preview?.problems ?? [])

  /** A change of platform, event, context or seed: an edited payload is kept, and flagged as made for the earlier choice. */
  const changeChoice = (changes: Partial<FireDraft>) => {
    setDraft({ ...changes, result: undefined, ...(edited !== undefined && { staleEdit: true }) })
    setBlocked(undefined)
  }

  const regenerate = () => setDraft({ edited: undefined, editBase: undefined, staleEdit: false, sendAnyway: false })

  const onEdit = (text: string) => {
    // The editor reports the text it was given too (the generated payload, or nothing yet): that is no edit.
    if (edited === undefined && text === (generatedText ?? '')) return
    setDraft({ edited: text, ...(edited === undefined && { editBase: generatedText }) })
    setBlocked(undefined)
  }

  const lint = useCallback(
    async (text: string): Promise<CodeProblem[]> => {
      // An empty editor is a payload still being generated (an emptied one is reported under it).
      if (text.trim() === '') return []
      const syntax = syntaxProblems(text)
      if (syntax.length > 0) return syntax
      return placeProblems(text, await problemsFor(text))
    },
    [problemsFor],
  )

  /** Why Fire cannot send now, in the panel's words; undefined when it can. */
  function whyBlocked(answer: FirePreview | undefined): string | undefined {
    if (!event) return generic ? 'Name the event first.' : 'Choose an event first.'
    if (generic && !parsedTemplate.ok) return 'The body template is not valid JSON: fix it first.'
    if (editedJson && !editedJson.ok) return 'The payload is not valid JSON: fix it, or Regenerate it.'
    if (!answer) return previewError ?? 'The payload could not be generated.'
    if (answer.requests.length === 0) return 'No subscription receives this event.'
    if (chosenIn(answer).length === 0) return 'Choose at least one subscription to fire to.'
    if (answer.problems.length > 0 && !sendAnyway) return `The payload does not match the ${event} schema: fix the problems, or tick “Send it anyway”.`
    return undefined
  }

  async function fire() {
    if (firing) return
    setFiring(true)
    try {
      // What was typed a moment ago may not be previewed yet: fire what it gives, not the older preview.
      const answer = isCurrent ? preview : request && (await previewForFire(request))
      const reason = whyBlocked(answer)
      setBlocked(reason)
      if (reason || !request || !answer) return
      const fired = await fireEvent({
          ...request,
          seed: answer.seed,
          // As generated, the payload is made again now, with now's timestamps; an edited one is sent as typed.
          ...(edited !== undefined && { occurredAt: answer.occurredAt }),
          allowInvalid: sendAnyway && answer.problems.length > 0,
          subscriptionIds: chosenIn(answer).map((r) => r.subscriptionId),
        })
      if (fired) setDraft({ result: fired })
    } finally {
      setFiring(false)
    }
  }
  const fireRef = useRef(fire)
  useEffect(() => {
    fireRef.current = fire
  })

  // Ctrl/Cmd+Enter fires from anywhere in the view, the editor included (before it inserts a line).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return
      e.preventDefault()
      e.stopPropagation()
      void fireRef.current()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  /** The user's edits against the payload they started from; none while the payload is as generated. */
  const edits = (): PayloadEdits | string => {
    if (edited === undefined) return { set: {}, unsaved: [] }
    const base = editBase === undefined ? undefined : readJson(editBase)
    if (!editedJson?.ok) return 'The payload is not valid JSON: fix it before saving it as a step.'
    if (!base?.ok) return 'Regenerate the payload, edit it, then save.'
    return editsAsOverrides(base.value, editedJson.value)
  }

  return (
    <div className="fire-panel">
      <form className="form fire-choice" onSubmit={(e) => e.preventDefault()} data-testid="fire-form">
        <Select
          label="Platform"
          value={provider}
          onChange={(value) => changeChoice({ provider: ProviderId.parse(value) })}
          choices={catalog.map((p) => ({ value: p.id, label: p.title }))}
          testId="fire-provider"
        />
        {generic ? (
          <Field label="Event name">
            {(control) => (
              <input
                {...control}
                type="text"
                required
                value={genericEvent}
                onChange={(e) => changeChoice({ genericEvent: e.target.value })}
                placeholder="build.finished"
                data-testid="fire-event-name"
              />
            )}
          </Field>
        ) : (
          <Select
            label="Event"
            value={event}
            onChange={(value) => changeChoice({ eventChoice: value })}
            choices={events.map((ev) => ({ value: ev.name, label: ev.name, title: ev.firesWhen }))}
            testId="fire-event"
            help={events.find((e) => e.name === event)?.firesWhen}
          />
        )}
        <Field label="Seed (same seed, same payload)">
          {(control) => (
            <div className="fire-seed">
              <input {...control} type="text" value={seed} onChange={(e) => changeChoice({ seed: e.target.value })} data-testid="fire-seed" />
              <button type="button" onClick={() => changeChoice({ seed: freshSeed() })} title="A new random seed">
                New
              </button>
            </div>
          )}
        </Field>
        <h3 className="group-title">Context (empty fields get realistic values from the seed)</h3>
        {CONTEXT_FIELDS[provider].map((key) => (
          <ContextField key={key} name={key} value={fields[key] ?? ''} onChange={(value) => changeChoice({ fields: { ...fields, [key]: value } })} />
        ))}
      </form>

      <div className="fire-grid">
        <section className="fire-payload" aria-labelledby="fire-payload-title">
          {generic && (
            <div className="fire-template">
              <h2>Body template</h2>
              <p className="muted">JSON; placeholders {'{{id}}, {{event}}, {{timestamp.iso}}, {{timestamp.unix}}, {{context.project}}'}…</p>
              <CodeEditor value={template} onChange={(text) => changeChoice({ template: text })} language="json" label="Body template" testId="fire-template" minLines={4} />
              {!parsedTemplate.ok && (
                <p className="error" role="alert" data-testid="fire-template-error">
                  Not valid JSON: {parsedTemplate.error}
                </p>
              )}
            </div>
          )}
          <div className="fire-payload-head">
            <h2 id="fire-payload-title">Payload</h2>
            <Badge tone={edited === undefined ? 'neutral' : 'warn'} testId="fire-payload-state">
              {edited === undefined ? 'generated' : 'edited'}
            </Badge>
            {preview && <span className="muted mono">{preview.contentType}</span>}
            <button type="button" onClick={regenerate} disabled={edited === undefined} data-testid="fire-regenerate">
              Regenerate
            </button>
          </div>
          {staleEdit && edited !== undefined && (
            <p className="fire-stale" role="status" data-testid="fire-stale">
              You changed the event or its context after editing the payload: your edits are kept. Regenerate replaces them with a payload made for the new choice.
            </p>
          )}
          <CodeEditor value={editorText} onChange={onEdit} language="json" lint={lint} label="Payload (JSON)" testId="fire-payload" minLines={12} />
          {previewError && (
            <p className="error" role="alert" data-testid="fire-preview-error">
              {previewError}
            </p>
          )}
          {editedJson && !editedJson.ok && (
            <p className="error" role="alert" data-testid="fire-json-error">
              Not valid JSON: {editedJson.error}
            </p>
          )}
          {problems.length > 0 && (
            <div className="fire-problems" role="alert">
              <strong>
                {problems.length} problem{problems.length === 1 ? '' : 's'}: the platform never sends a {event} payload like this
              </strong>
              <ul className="problems" data-testid="fire-problems">
                {problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    <span className="mono">{p.path}</span>: {p.message}
                  </li>
                ))}
              </ul>
              <label className="check">
                <input type="checkbox" checked={sendAnyway} onChange={(e) => setDraft({ sendAnyway: e.target.checked })} data-testid="fire-send-anyway" /> Send it anyway, as
                written (to see how the receiver copes)
              </label>
            </div>
          )}
        </section>

        <section className="fire-side" aria-labelledby="fire-targets-title">
          <h2 id="fire-targets-title">Subscriptions</h2>
          <TargetList
            preview={preview}
            isChosen={(id) => isChosen(picks, id, preview?.requests.length ?? 0)}
            onToggle={(id) => setDraft({ picks: rememberPick(picks, id, isChosen(picks, id, preview?.requests.length ?? 0)) })}
          />
          <div className="fire-actions">
            <button className="primary" type="button" onClick={() => void fire()} disabled={firing} data-testid="fire-submit">
              Fire{chosen.length > 0 ? ` to ${chosen.length}` : ''}
            </button>
            <span className="muted">Ctrl/⌘+Enter</span>
          </div>
          {blocked && (
            <p className="error" role="alert" data-testid="fire-blocked">
              {blocked}
            </p>
          )}
          {result && <FireResultView result={result} />}
        </section>
      </div>

      <SaveAsStep provider={provider} event={event} context={context} seed={seed} edits={edits} customTemplate={generic && template !== GENERIC_EXAMPLE} />
    </div>
  )
}

function ContextField({ name, value, onChange }: { name: ContextKey; value: string; onChange: (value: string) => void }) {
  const choices = CONTEXT_CHOICES[name]
  if (choices) {
    return <Select label={CONTEXT_LABELS[name]} value={value} onChange={onChange} choices={[{ value: '', label: '(from the seed)' }, ...choices]} testId={`fire-context-${name}`} />
  }
  return (
    <Field label={CONTEXT_LABELS[name]}>
      {(control) => (
        <input
          {...control}
          type={name === 'rollbackTo' ? 'number' : 'text'}
          min={name === 'rollbackTo' ? 1 : undefined}
          step={name === 'rollbackTo' ? 1 : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="from the seed"
          data-testid={`fire-context-${name}`}
        />
      )}
    </Field>
  )
}

function FireResultView({ result }: { result: ApiOutput<'fireEvent'> }) {
  return (
    <div className="result" data-testid="fire-result" role="status">
      <strong>
        {result.deliveries.length} deliver{result.deliveries.length === 1 ? 'y' : 'ies'} queued
      </strong>
      <ul>
        {result.deliveries.map((d) => (
          <li key={d.id}>
            {d.subscriptionName} → <span className="mono">{d.url}</span>
          </li>
        ))}
        {result.skipped.map((s) => (
          <li key={s.subscriptionId} className="muted">
            {s.subscriptionName} skipped: {s.reason}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => showView('timeline')} data-testid="fire-open-timeline">
        Open the Timeline
      </button>
    </div>
  )
}
