import { useCallback, useEffect, useMemo, useRef } from 'react'
import { ProviderId } from '../../../../../shared/platforms'
import { Scenario } from '../../../../../shared/schemas/scenario'
import { useHookbench } from '../../../store/app-store'
import { catalogEntryOf } from '../../../store/catalog/selectors'
import { addNotice } from '../../../store/notices/actions'
import { EntryRows } from './EntryRows'
import { FormSelect, FormText } from './FormText'
import { StepList } from './StepList'
import { stepKey } from './StepFields'
import { CONTEXT_KEYS, contextRule, varsRule } from './entry-rules'
import { fieldValue } from './field-values'
import { FormContext, type FormContextValue } from './form-context'
import { type Edit, applyEdit, openScenario } from './scenario-document'
import { setField, subscriptionsOffPlatform, switchPlatform } from './scenario-edits'
import { type Path, readModel } from './scenario-model'

export interface ScenarioFormProps {
  source: string
  fileName: string
  onChange: (source: string) => void
}

/**
 * The scenario file as a form. Every edit is written straight back to the file's text (only the
 * edited lines change); the form is read again from that text, so the form and the source view
 * never disagree.
 */
export function ScenarioForm({ source, fileName, onChange }: ScenarioFormProps) {
  const opened = useMemo(() => openScenario(source, fileName), [source, fileName])
  if (!opened.ok) {
    return (
      <div className="form-unreadable" role="alert" data-testid="form-unreadable">
        {opened.message}
      </div>
    )
  }
  return <ReadableForm source={source} fileName={fileName} onChange={onChange} model={readModel(opened.file.doc)} />
}

function ReadableForm({ source, fileName, onChange, model }: ScenarioFormProps & { model: ReturnType<typeof readModel> }) {
  const catalog = useHookbench((s) => s.catalog)
  const pendingFocus = useRef<{ key: string; testId?: string }>(undefined)
  const rootRef = useRef<HTMLDivElement>(null)
  const edit = useCallback((change: Edit) => onChange(applyEdit(source, fileName, change)), [source, fileName, onChange])

  const focusStep = useCallback((path: Path) => {
    const active = document.activeElement
    const card = active?.closest<HTMLElement>('[data-step-path]')
    const testId = active instanceof HTMLElement ? active.dataset.testid : undefined
    const oldKey = card?.dataset.stepPath
    pendingFocus.current = { key: stepKey(path), testId: oldKey && testId?.endsWith(`-${oldKey}`) ? testId.slice(0, -oldKey.length) : undefined }
  }, [])

  // After a move or an add, the focus follows the step to its new place (the same control if it can).
  useEffect(() => {
    const pending = pendingFocus.current
    if (!pending || !rootRef.current) return
    pendingFocus.current = undefined
    const card = rootRef.current.querySelector<HTMLElement>(`[data-step-path="${pending.key}"]`)
    const control = pending.testId ? rootRef.current.querySelector<HTMLElement>(`[data-testid="${pending.testId}${pending.key}"]:not(:disabled)`) : null
    ;(control ?? card)?.focus()
  }, [source])

  const provider = typeof model.provider === 'string' ? model.provider : ''
  const providerTitle = useCallback((id: string) => catalogEntryOf(catalog, id)?.title ?? id, [catalog])
  const context: FormContextValue = useMemo(
    () => ({
      model,
      edit,
      provider,
      catalogLoaded: catalog.length > 0,
      eventsOf: (id) => {
        const events = catalogEntryOf(catalog, id)?.events.map((event) => event.name)
        return events && events.length > 0 ? events : undefined
      },
      providerTitle,
      focusStep,
    }),
    [model, edit, provider, catalog, providerTitle, focusStep],
  )
  const knownProvider = ProviderId.safeParse(provider).success

  return (
    <FormContext.Provider value={context}>
      <div className="scenario-form" ref={rootRef} data-testid="scenario-form">
        <section className="form form-section" aria-labelledby="form-scenario-title">
          <h2 id="form-scenario-title" className="wide">
            Scenario
          </h2>
          <FormText label="Name" name="name" value={model.name} parse={(text) => fieldValue(Scenario.shape.name, text, { required: true })} onCommit={(value) => edit(setField(['name'], value))} className="span-2" />
          <FormSelect
            label="Platform"
            name="provider"
            value={provider}
            onChange={(next) => {
              const { edit: change, moved } = switchPlatform(model.subscriptions, provider, next)
              edit(change)
              if (moved.length > 0) addNotice('info', `${moved.join(', ')} moved to ${providerTitle(next)} with the scenario: ${moved.length === 1 ? 'its' : 'their'} options and event lists start over.`)
            }}
            choices={[...(knownProvider ? [] : [{ value: provider, label: provider || '(none)', disabled: true }]), ...ProviderId.options.map((id) => ({ value: id, label: providerTitle(id) }))]}
            error={knownProvider ? undefined : 'pick the platform that sends the events'}
            help="fire steps send this platform’s events unless they name another"
          />
          <FormText
            label="Seed"
            name="seed"
            value={model.seed}
            parse={(text) => fieldValue(Scenario.shape.seed, text, { preferNumber: typeof model.seed === 'number' })}
            onCommit={(value) => edit(setField(['seed'], value))}
            help="same seed, same payloads and random orders"
            placeholder="none"
          />
          <FormText
            label="Description"
            name="description"
            value={model.description}
            parse={(text) => fieldValue(Scenario.shape.description, text)}
            onCommit={(value) => edit(setField(['description'], value))}
            multiline
            className="wide"
          />
          <EntryRows
            label="Context"
            name="context"
            path={['context']}
            entries={model.context}
            edit={edit}
            {...contextRule}
            keyLabel="Field"
            keySuggestions={CONTEXT_KEYS}
            help="The story’s shared facts: service, versions, cluster… Payloads fill in the rest from the seed."
          />
          <EntryRows label="Variables" name="vars" path={['vars']} entries={model.vars} edit={edit} {...varsRule} help="${name} in any text is replaced by the variable’s value." />
          <ResourceSummary model={model} provider={provider} />
        </section>
        <section className="form-steps-section" aria-labelledby="form-steps-title">
          <h2 id="form-steps-title">Steps</h2>
          {model.steps.steps.length === 0 && <p className="muted">No steps yet: a scenario needs at least one.</p>}
          <StepList list={model.steps} label="Steps" />
        </section>
      </div>
    </FormContext.Provider>
  )
}

const nameOf = (item: unknown) => (typeof item === 'object' && item !== null && 'name' in item && typeof item.name === 'string' ? item.name : '(unnamed)')

/** Endpoints and subscriptions, by name: they are edited in the source view. */
function ResourceSummary({ model, provider }: { model: ReturnType<typeof readModel>; provider: string }) {
  const offPlatform = subscriptionsOffPlatform(model.subscriptions, provider)
  return (
    <div className="form-resources wide" data-testid="form-resources">
      {offPlatform.length > 0 && (
        <p className="form-warning" role="status" data-testid="form-off-platform">
          On another platform than the scenario’s: {offPlatform.join(', ')}. Fire steps send {provider || 'the scenario’s'} events; these subscriptions only get events of their own platform.
        </p>
      )}
      <p>
        <strong>Endpoints:</strong> {model.endpoints.length === 0 ? <span className="muted">only inbox</span> : model.endpoints.map(nameOf).join(', ')}
        {' · '}
        <strong>Subscriptions:</strong> {model.subscriptions.length === 0 ? <span className="muted">none</span> : model.subscriptions.map(nameOf).join(', ')}
      </p>
      <p className="muted form-note">Edit endpoints and subscriptions in the source view.</p>
    </div>
  )
}
