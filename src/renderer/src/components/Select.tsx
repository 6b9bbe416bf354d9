import { Field } from './Field'

export type Choice = string | { value: string; label: string; title?: string }

/** A labelled drop-down; plain strings are both value and label. */
export function Select(props: { label: string; value: string; onChange: (value: string) => void; choices: readonly Choice[]; testId?: string; help?: string }) {
  return (
    <Field label={props.label} help={props.help}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
          {props.choices.map((choice) =>
            typeof choice === 'string' ? (
              <option key={choice}>{choice}</option>
            ) : (
              <option key={choice.value} value={choice.value} title={choice.title}>
                {choice.label}
              </option>
            ),
          )}
        </select>
      )}
    </Field>
  )
}
