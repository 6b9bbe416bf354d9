import type { ReactNode } from 'react'

/**
 * Where a comparison shows: its pickers in a toolbar ending with Close, then what differs. Esc
 * anywhere in it closes it too (the caller puts focus back on the button that opened it).
 */
export function ComparisonPanel(props: { label: string; className?: string; testId: string; toolbarClass?: string; closeTestId?: string; onClose: () => void; pickers: ReactNode; children: ReactNode }) {
  return (
    <section
      className={props.className ? `${props.className} attempt-diff` : 'attempt-diff'}
      role="region"
      aria-label={props.label}
      data-testid={props.testId}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.stopPropagation()
        props.onClose()
      }}
    >
      <div className={props.toolbarClass ? `toolbar ${props.toolbarClass}` : 'toolbar'}>
        {props.pickers}
        <button type="button" onClick={props.onClose} aria-label="Close the comparison (Esc)" data-testid={props.closeTestId}>
          Close
        </button>
      </div>
      {props.children}
    </section>
  )
}
