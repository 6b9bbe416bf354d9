import { useEffect, useMemo, useRef, useState } from 'react'
import type { FilterPreview } from '../../../../shared/schemas/filter-preview'
import { formatTime } from '../../components/Http'
import { previewFilters } from '../../store/subscriptions/actions'
import { FILTER_PART_LABEL, previewRequestOf } from './subscription-tools'
import type { EditForm } from './subscription-edit'

/** How long typing in a filter rests before the preview asks the engine again. */
const PREVIEW_DEBOUNCE_MS = 350

type PreviewState = { phase: 'loading' } | { phase: 'ready'; preview: FilterPreview } | { phase: 'problem'; message: string }

/**
 * While filters are edited: which of the platform's latest events (up to 200 recorded
 * deliveries) they would let through, and which filter stops the others, judged by the engine.
 */
export function FilterPreviewPanel({ provider, form }: { provider: Parameters<typeof previewRequestOf>[0]; form: EditForm }) {
  const [state, setState] = useState<PreviewState>({ phase: 'loading' })
  const { events, filterEvents, environmentTypes, projectNames, where } = form
  const request = useMemo(
    () => previewRequestOf(provider, { events, filterEvents, environmentTypes, projectNames, where }),
    [provider, events, filterEvents, environmentTypes, projectNames, where],
  )
  // The first preview at once; then a pause while typing.
  const asked = useRef(false)
  useEffect(() => {
    if (typeof request === 'string') return
    let current = true
    const delay = asked.current ? PREVIEW_DEBOUNCE_MS : 0
    asked.current = true
    const timer = setTimeout(() => {
      void previewFilters(request).then((result) => {
        if (!current) return
        setState(result.ok ? { phase: 'ready', preview: result.data } : { phase: 'problem', message: `The preview failed: ${result.error.message}` })
      })
    }, delay)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [request])
  // Lines that cannot be read yet say so at once; the last preview waits underneath.
  const shown: PreviewState = typeof request === 'string' ? { phase: 'problem', message: `Payload matches: ${request}` } : state

  return (
    <section className="wide filter-preview" aria-labelledby="filter-preview-title" aria-live="polite" data-testid="filter-preview">
      <h3 id="filter-preview-title">Preview against recent events</h3>
      {shown.phase === 'loading' && <p className="muted">Checking the latest events…</p>}
      {shown.phase === 'problem' && (
        <p className="error" data-testid="filter-preview-problem">
          {shown.message}
        </p>
      )}
      {shown.phase === 'ready' && <PreviewRows preview={shown.preview} />}
    </section>
  )
}

function PreviewRows({ preview }: { preview: FilterPreview }) {
  const { items, matched } = preview
  if (items.length === 0) return <p className="muted">No recent events of this platform yet: fire one (or send a test event) and the preview uses it.</p>
  const oldFacts = items.some((item) => !item.factsKnown)
  return (
    <>
      <p data-testid="filter-preview-summary">
        <b>{matched}</b> of the latest {items.length} event{items.length === 1 ? '' : 's'} would be sent; {items.length - matched} would not.
      </p>
      <div className="preview-scroll">
        <table className="preview-table" data-testid="filter-preview-rows">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.deliveryId} data-testid={`filter-preview-${item.matches ? 'match' : 'skip'}`}>
                <td className="nowrap">{formatTime(item.createdAt)}</td>
                <td className="mono wrap">
                  {item.provider} {item.event}
                </td>
                <td className="wrap">
                  {item.matches ? (
                    <span className="verdict-ok">✓ sent</span>
                  ) : (
                    <span className="verdict-skip">
                      ✗ {item.failedOn ? FILTER_PART_LABEL[item.failedOn] : 'skipped'}: {item.reason}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {oldFacts && <p className="muted">Some events were recorded without their environment type and project (by a version before they were kept): those filters read them as “(none)”.</p>}
    </>
  )
}
