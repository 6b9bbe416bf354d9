import { type ReactNode, useId } from 'react'

/** What a field hands its control so the label and help text are tied to it. */
export interface ControlProps {
  id: string
  'aria-describedby': string | undefined
}

/** A label, one control and optional help text under it (read as the control's description). */
export function Field(props: { label: string; help?: ReactNode; className?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId()
  const helpId = `${id}-help`
  return (
    <div className={props.className ? `field ${props.className}` : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-describedby': props.help ? helpId : undefined })}
      {props.help && (
        <small id={helpId} className="help">
          {props.help}
        </small>
      )}
    </div>
  )
}
