import { useId } from 'react'
import type { CatalogEntry } from '../../../shared/platforms/catalog'
import type { OptionInfo } from '../../../shared/platforms/options'
import { Field } from './Field'
import { type OptionValue, type OptionValues, initialValue } from '../forms/platform-options'
import { Select } from './Select'

export { type OptionValue, type OptionValues, initialValue, optionsToSend, splitList } from '../forms/platform-options'

/** `secretHeader` → "Secret header". */
const labelOf = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase())

/**
 * Every option of a platform, labelled, with its description as help and its default preselected.
 * `testIdPrefix` names the test ids (`sub-option-kind` in the subscription forms).
 */
export function PlatformOptions(props: { entry: CatalogEntry; values: OptionValues; onChange: (values: OptionValues) => void; testIdPrefix?: string }) {
  const { entry, values, testIdPrefix = 'sub' } = props
  const titleId = useId()
  if (entry.options.length === 0) return null
  return (
    <div role="group" aria-labelledby={titleId} className="wide options" data-testid={`${testIdPrefix}-options`}>
      <div id={titleId} className="group-title">
        {entry.title}: options
      </div>
      {entry.options.map((option) => (
        <OptionField
          key={option.key}
          testId={`${testIdPrefix}-option-${option.key}`}
          option={option}
          value={values[option.key] ?? initialValue(option)}
          onChange={(value) => props.onChange({ ...values, [option.key]: value })}
        />
      ))}
    </div>
  )
}

function OptionField({ option, value, onChange, testId }: { option: OptionInfo; value: OptionValue; onChange: (value: OptionValue) => void; testId: string }) {
  const label = labelOf(option.key)
  if (option.kind === 'choices') return <ChoicesField option={option} label={label} chosen={Array.isArray(value) ? value : []} onChange={onChange} testId={testId} />
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
function ChoicesField(props: { option: OptionInfo; label: string; chosen: string[]; onChange: (value: string[]) => void; testId: string }) {
  const { option, chosen } = props
  const id = useId()
  const toggle = (value: string, on: boolean) => props.onChange(option.values.filter((v) => (v === value ? on : chosen.includes(v))))
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`} className="field" data-testid={props.testId}>
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
