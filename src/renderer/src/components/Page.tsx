import type { ReactNode } from 'react'

/** Common page frame: a heading, a one-line purpose, and the content; `fill` pages take the window's height. */
export function Page({ title, intro, actions, fill, children }: { title: string; intro: string; actions?: ReactNode; fill?: boolean; children: ReactNode }) {
  return (
    <section className={fill ? 'page fill' : 'page'} aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">{title}</h1>
          <p className="muted">{intro}</p>
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  )
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      <div className="muted">{children}</div>
    </div>
  )
}
