import { type ReactNode, useEffect, useId, useRef } from 'react'

/**
 * A panel over the right of the window, for a form that needs room (a subscription, an
 * endpoint's script): a modal <dialog>, so focus stays in it, Esc closes it and the page behind
 * cannot be changed meanwhile. The opener gets the focus back (the caller decides where).
 */
export function Drawer(props: { title: ReactNode; onClose: () => void; children: ReactNode; testId: string; wide?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const { onClose } = props
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (!element.open) {
      element.showModal()
      // The dialog focuses its first control (the close button): the form's first field instead.
      element.querySelector<HTMLElement>('.drawer-body :is(input, select, textarea, button):not(:disabled)')?.focus()
    }
    // Esc: the dialog's own cancel, turned into the caller's close (which unmounts it).
    const cancel = (event: Event) => {
      event.preventDefault()
      onClose()
    }
    element.addEventListener('cancel', cancel)
    return () => element.removeEventListener('cancel', cancel)
  }, [onClose])
  return (
    <dialog ref={dialog} className={props.wide ? 'drawer drawer-wide' : 'drawer'} aria-labelledby={titleId} data-testid={props.testId}>
      <header className="drawer-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="close" onClick={onClose} aria-label="Close (Esc)" data-testid={`${props.testId}-close`}>
          ×
        </button>
      </header>
      <div className="drawer-body">{props.children}</div>
    </dialog>
  )
}
