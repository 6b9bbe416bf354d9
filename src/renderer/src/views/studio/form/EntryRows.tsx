import { useId, useState } from 'react'
import type { Edit } from './scenario-document'
import { addEntry, removeEntry, setEntry } from './scenario-edits'
import type { Entry, Path } from './scenario-model'
import type { FieldResult } from './field-values'
import { FormText } from './FormText'

export interface EntryRowsProps {
  /** The group's title ("Context", "Overrides (set)"). */
  label: string
  /** Test ids: `form-field-<name>-key-<i>`, `…-value-<i>`, `form-remove-<name>-<i>`, `form-add-<name>`. */
  name: string
  path: Path
  entries: Entry[]
  edit: (change: Edit) => void
  /** Why a key cannot be used, if it cannot (`others`: the keys of the other rows). */
  checkKey: (key: string, others: string[]) => string | undefined
  parseValue: (text: string, key: string) => FieldResult
  formatValue?: (value: unknown) => string
  keySuggestions?: readonly string[]
  keyLabel?: string
  valuePlaceholder?: string
  help?: string
  /** Without entries, show only a button that opens the rows (keeps step cards short). */
  collapsible?: boolean
}

/** Key/value rows (context, vars, set overrides, headers): edit in place, remove, add one more. */
export function EntryRows(props: EntryRowsProps) {
  const { entries, path, edit, name } = props
  const [opened, setOpened] = useState(false)
  if (props.collapsible && entries.length === 0 && !opened) {
    return (
      <button type="button" className="form-open-entries" onClick={() => setOpened(true)} data-testid={`form-open-${name}`}>
        + {props.label}
      </button>
    )
  }
  const keys = entries.map((entry) => entry.key)
  const others = (index: number) => keys.filter((_, i) => i !== index)
  const keyResult = (text: string, index: number): FieldResult => {
    const key = text.trim()
    const problem = key === '' ? 'is required' : props.checkKey(key, others(index))
    return problem ? { ok: false, error: problem } : { ok: true, value: key }
  }
  return (
    <fieldset className="form-entries wide" data-testid={`form-entries-${name}`}>
      <legend>{props.label}</legend>
      {props.help && <p className="muted form-note">{props.help}</p>}
      {entries.map((entry, i) => (
        <div className="form-entry" key={i}>
          <FormText
            label={props.keyLabel ?? 'Name'}
            name={`${name}-key-${i}`}
            value={entry.key}
            parse={(text) => keyResult(text, i)}
            onCommit={(key) => edit(setEntry(path, i, String(key), entry.value))}
            suggestions={props.keySuggestions}
          />
          <FormText
            label="Value"
            name={`${name}-value-${i}`}
            value={entry.value}
            format={props.formatValue}
            parse={(text) => props.parseValue(text, entry.key)}
            onCommit={(value) => value !== undefined && edit(setEntry(path, i, entry.key, value))}
            placeholder={props.valuePlaceholder}
          />
          <button type="button" className="danger form-entry-remove" onClick={() => edit(removeEntry(path, i))} aria-label={`Remove ${entry.key}`} data-testid={`form-remove-${name}-${i}`}>
            Remove
          </button>
        </div>
      ))}
      <NewEntry {...props} keyResult={(text) => keyResult(text, -1)} />
    </fieldset>
  )
}

/** The row that adds an entry: written once both the key and the value are valid (Enter or Add). */
function NewEntry(props: EntryRowsProps & { keyResult: (text: string) => FieldResult }) {
  const id = useId()
  const [key, setKey] = useState('')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string>()
  const add = () => {
    const checkedKey = props.keyResult(key)
    if (!checkedKey.ok) return setError(`${props.keyLabel ?? 'Name'} ${checkedKey.error}`)
    const checkedValue = props.parseValue(value, key.trim())
    if (!checkedValue.ok) return setError(`Value ${checkedValue.error}`)
    if (checkedValue.value === undefined) return setError('Value is required')
    props.edit(addEntry(props.path, key.trim(), checkedValue.value))
    setKey('')
    setValue('')
    setError(undefined)
    document.getElementById(`${id}-key`)?.focus()
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    add()
  }
  return (
    <div className="form-entry form-entry-new">
      <div className="field">
        <label htmlFor={`${id}-key`}>New {(props.keyLabel ?? 'name').toLowerCase()}</label>
        <input
          id={`${id}-key`}
          type="text"
          value={key}
          list={props.keySuggestions ? `${id}-keys` : undefined}
          onChange={(e) => setKey(e.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          spellCheck={false}
          data-testid={`form-field-${props.name}-new-key`}
        />
        {props.keySuggestions && (
          <datalist id={`${id}-keys`}>
            {props.keySuggestions.filter((suggestion) => !props.entries.some((entry) => entry.key === suggestion)).map((suggestion) => (
              <option key={suggestion} value={suggestion} />
            ))}
          </datalist>
        )}
        {error && (
          <small id={`${id}-error`} className="help">
            <span className="error" role="alert" data-testid={`form-error-${props.name}-new`}>
              {error}
            </span>
          </small>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-value`}>Its value</label>
        <input
          id={`${id}-value`}
          type="text"
          value={value}
          placeholder={props.valuePlaceholder}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          data-testid={`form-field-${props.name}-new-value`}
        />
      </div>
      <button type="button" onClick={add} data-testid={`form-add-${props.name}`}>
        Add
      </button>
    </div>
  )
}
