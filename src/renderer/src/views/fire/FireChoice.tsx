import { ProviderId } from '../../../../shared/platforms'
import { Field } from '../../components/Field'
import { Select } from '../../components/Select'
import type { Catalog } from '../../store/catalog/slice'
import { type FireDraft, freshSeed } from '../../store/fire/draft'
import { CONTEXT_CHOICES, CONTEXT_FIELDS, CONTEXT_LABELS, type ContextKey } from './context-fields'

/** What to fire: the platform, its event (or a generic event's name), the seed and the context the payload is made from. */
export function FireChoice(props: {
  catalog: Catalog
  draft: Pick<FireDraft, 'provider' | 'genericEvent' | 'seed' | 'fields'>
  event: string
  events: readonly { name: string; firesWhen: string }[]
  onChange: (changes: Partial<FireDraft>) => void
}) {
  const { catalog, draft, event, events, onChange } = props
  const { provider, fields } = draft
  return (
    <form className="form fire-choice" onSubmit={(e) => e.preventDefault()} data-testid="fire-form">
      <Select
        label="Platform"
        value={provider}
        onChange={(value) => onChange({ provider: ProviderId.parse(value) })}
        choices={catalog.map((p) => ({ value: p.id, label: p.title }))}
        testId="fire-provider"
      />
      {provider === 'generic' ? (
        <Field label="Event name">
          {(control) => (
            <input
              {...control}
              type="text"
              required
              value={draft.genericEvent}
              onChange={(e) => onChange({ genericEvent: e.target.value })}
              placeholder="build.finished"
              data-testid="fire-event-name"
            />
          )}
        </Field>
      ) : (
        <Select
          label="Event"
          value={event}
          onChange={(value) => onChange({ eventChoice: value })}
          choices={events.map((ev) => ({ value: ev.name, label: ev.name, title: ev.firesWhen }))}
          testId="fire-event"
          help={events.find((e) => e.name === event)?.firesWhen}
        />
      )}
      <Field label="Seed (same seed, same payload)">
        {(control) => (
          <div className="fire-seed">
            <input {...control} type="text" value={draft.seed} onChange={(e) => onChange({ seed: e.target.value })} data-testid="fire-seed" />
            <button type="button" onClick={() => onChange({ seed: freshSeed() })} title="A new random seed">
              New
            </button>
          </div>
        )}
      </Field>
      <h3 className="group-title">Context (empty fields get realistic values from the seed)</h3>
      {CONTEXT_FIELDS[provider].map((key) => (
        <ContextField key={key} name={key} value={fields[key] ?? ''} onChange={(value) => onChange({ fields: { ...fields, [key]: value } })} />
      ))}
    </form>
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
