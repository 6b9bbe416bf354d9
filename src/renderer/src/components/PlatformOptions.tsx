import { useId } from 'react'
import type { CatalogEntry } from '../../../shared/platforms/catalog'
import type { OptionInfo } from '../../../shared/platforms/options'
import { Field } from './Field'
import { Select } from './Select'

/** What the form holds for one option: text (choice, text, list) or the ticked values (choices). */
export type OptionValue = string | string[]
export type OptionValues = Record<string, OptionValue>

export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** The form value of an option the user has not touched: its default. */
export function initialValue(option: OptionInfo): OptionValue {
  const fallback = option.default
  if (option.kind === 'choices') return Array.isArray(fallback) ? fallback.map(String) : []
  if (option.kind === 'list') return Array.isArray(fallback) ? fallback.join(', ') : ''
  return typeof fallback === 'string' ? fallback : ''
}

/** The `options` to send: lists split on commas; empty text is left out, so the platform's default applies. */
export function optionsToSend(options: OptionInfo[], values: OptionValues): Record<string, OptionValue> {
  const sent: Record<string, OptionValue> = {}
  for (const option of options) {
    const value = values[option.key] ?? initialValue(option)
    if (typeof value !== 'string') sent[option.key] = value
    else if (option.kind === 'list') sent[option.key] = splitList(value)
    else if (value.trim() !== '') sent[option.key] = value
  }
  return sent
}

/** `secretHeader` → "Secret header". */
const labelOf = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase())

/** Every option of a platform, labelled, with its description as help and its default preselected. */
export function PlatformOptions(props: { entry: CatalogEntry; values: OptionValues; onChange: (values: OptionValues) => void }) {
  const { entry, values } = props
  const titleId = useId()
  if (entry.options.length === 0) return null
  return (
    <div role="group" aria-labelledby={titleId} className="wide options" data-testid="sub-options">
      <div id={titleId} className="group-title">
        {entry.title}: options
      </div>
      {entry.options.map((option) => (
        <OptionField
          key={option.key}
          option={option}
          value={values[option.key] ?? initialValue(option)}
          onChange={(value) => props.onChange({ ...values, [option.key]: value })}
        />
      ))}
    </div>
  )
}

function OptionField({ option, value, onChange }: { option: OptionInfo; value: OptionValue; onChange: (value: OptionValue) => void }) {
  const testId = `sub-option-${option.key}`
  const label = labelOf(option.key)
  if (option.kind === 'choices') return <ChoicesField option={option} label={label} chosen={Array.isArray(value) ? value : []} onChange={onChange} />
  const text = typeof value === 'string' ? value : value.join(', ')
  if (option.kind === 'choice') {
    const unset = option.default === undefined ? [{ value: '', label: 'Platform default' }] : []
    return <Select label={label} help={option.description} value={text} onChange={onChange} choices={[...unset, ...option.values]} testId={testId} />
  }
  return (
    <Field label={option.kind === 'list' ? `${label} (comma-separated)` : label} help={option.description}>
      {(control) => <input type="text" {...control} value={text} onChange={(e) => onChange(e.target.value)} data-testid={testId} />}
    </Field>
  )
}

/** A `choices` option: one checkbox per value, in the platform's order. */
function ChoicesField(props: { option: OptionInfo; label: string; chosen: string[]; onChange: (value: string[]) => void }) {
  const { option, chosen } = props
  const id = useId()
  const toggle = (value: string, on: boolean) => props.onChange(option.values.filter((v) => (v === value ? on : chosen.includes(v))))
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="field" data-testid={`sub-option-${option.key}`}>
      <span id={`${id}-label`}>{props.label}</span>
      <div className="check-row">
        {option.values.map((value) => (
          <label key={value} className="check">
            <input type="checkbox" value={value} checked={chosen.includes(value)} onChange={(e) => toggle(value, e.target.checked)} /> {value}
          </label>
        ))}
      </div>
      <small id={`${id}-help`} className="help">
        {option.description}
      </small>
    </div>
  )
}
