import { type ReactNode, useId, useState } from 'react'
import type { FieldValue } from './scenario-edits'
import { type FieldResult, textOf } from './field-values'

export interface FormTextProps {
  label: string
  /** The test id is `form-field-<name>`. */
  name: string
  /** The value in the file. */
  value: unknown
  /** What the typed text becomes, or why it cannot be written. */
  parse: (text: string) => FieldResult
  onCommit: (value: FieldValue | undefined) => void
  /** How the file's value shows (default: strings as they are, other values as JSON). */
  format?: (value: unknown) => string
  help?: ReactNode
  placeholder?: string
  multiline?: boolean
  /** Suggestions (a datalist); any text may still be typed. */
  suggestions?: readonly string[]
  className?: string
}

/**
 * A labelled text field bound to one value of the file. A valid text is written at once; an invalid
 * one stays in the field with its error beside it, and the file keeps its last valid value.
 */
export function FormText(props: FormTextProps) {
  const id = useId()
  const [draft, setDraft] = useState<{ text: string; error?: string }>()
  const shown = draft?.text ?? (props.format ?? textOf)(props.value)
  const error = draft?.error
  const describedBy = error || props.help ? `${id}-note` : undefined
  const change = (text: string) => {
    const result = props.parse(text)
    setDraft(result.ok ? { text } : { text, error: result.error })
    if (result.ok) props.onCommit(result.value)
  }
  const control = {
    id,
    value: shown,
    placeholder: props.placeholder,
    'aria-invalid': Boolean(error),
    'aria-describedby': describedBy,
    'data-testid': `form-field-${props.name}`,
    spellCheck: false,
    onChange: (e: { target: { value: string } }) => change(e.target.value),
    // Once the text is written, the field shows the file's value again (and follows it).
    onBlur: () => setDraft((current) => (current?.error ? current : undefined)),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape' && draft) {
        e.stopPropagation()
        setDraft(undefined)
      }
    },
  }
  return (
    <div className={props.className ? `field ${props.className}` : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? <textarea {...control} rows={3} /> : <input {...control} type="text" list={props.suggestions ? `${id}-list` : undefined} />}
      {props.suggestions && (
        <datalist id={`${id}-list`}>
          {props.suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
      {describedBy && (
        <small id={`${id}-note`} className="help">
          {error ? (
            <span className="error" role="alert" data-testid={`form-error-${props.name}`}>
              {props.label} {error}
            </span>
          ) : (
            props.help
          )}
        </small>
      )}
    </div>
  )
}

export interface FormSelectProps {
  label: string
  name: string
  value: string
  choices: readonly { value: string; label: string; disabled?: boolean }[]
  onChange: (value: string) => void
  error?: string
  help?: ReactNode
  className?: string
}

/** A labelled drop-down bound to the file; `error` says what is wrong with the file's value. */
export function FormSelect(props: FormSelectProps) {
  const id = useId()
  const describedBy = props.error || props.help ? `${id}-note` : undefined
  return (
    <div className={props.className ? `field ${props.className}` : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={Boolean(props.error)}
        aria-describedby={describedBy}
        data-testid={`form-field-${props.name}`}
      >
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.disabled}>
            {choice.label}
          </option>
        ))}
      </select>
      {describedBy && (
        <small id={`${id}-note`} className="help">
          {props.error ? (
            <span className="error" data-testid={`form-error-${props.name}`}>
              {props.error}
            </span>
          ) : (
            props.help
          )}
        </small>
      )}
    </div>
  )
}
