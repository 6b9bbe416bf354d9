import type { KeyboardEvent } from 'react'
import type { CheckExchange } from '../../../../shared/schemas/check'
import { Badge, BodyView, HeaderList, httpTone } from '../../components/Http'
import { sentence } from '../../store/checks/form'
import { type CaseRow, VERDICT_LABEL, VERDICT_TONE, answerLine, exchangeTitle, fixParts } from './check-results'

/** One case: why it passed or failed, how to fix it, and each request it sent with its answer. Esc closes it. */
export function CaseDetail({ row, onClose }: { row: CaseRow; onClose: () => void }) {
  const { result } = row
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    onClose()
  }
  return (
    <section className="detail check-detail" aria-labelledby="check-case-title" onKeyDown={onKeyDown} tabIndex={-1} data-testid="check-detail">
      <div className="check-detail-head">
        <h2 id="check-case-title">{row.title}</h2>
        <Badge tone={VERDICT_TONE[row.verdict]} testId="check-detail-verdict">
          {VERDICT_LABEL[row.verdict]}
        </Badge>
        <span className="muted">{row.required ? 'required' : 'advice'}</span>
        <button type="button" className="check-detail-close" onClick={onClose} aria-label="Close the case" title="Close (Esc)">
          ×
        </button>
      </div>
      <dl className="facts">
        <dt>Case</dt>
        <dd className="mono">{row.id}</dd>
        <dt>Expected</dt>
        <dd>{row.expected}</dd>
        <dt>Got</dt>
        <dd data-testid="check-detail-got">{row.got || '—'}</dd>
        {result && (
          <>
            <dt>Took</dt>
            <dd>{Math.round(result.durationMs)} ms</dd>
          </>
        )}
      </dl>
      {!result ? (
        <p className="muted">{row.verdict === 'stopped' ? 'The check stopped before this case.' : 'This case has not run yet.'}</p>
      ) : (
        <>
          <h3>Why</h3>
          <p className={result.verdict === 'fail' ? 'verdict-why' : undefined} data-testid="check-detail-reason">
            {sentence(result.reason)}
          </p>
          {result.fix && (
            <>
              <h3>{result.verdict === 'fail' ? 'How to fix' : 'What to do'}</h3>
              <Fix fix={result.fix} />
            </>
          )}
          {result.exchanges.length === 0 ? (
            <p className="muted">This case sends nothing: it is advice about the platform and scheme.</p>
          ) : (
            result.exchanges.map((exchange, i) => <Exchange key={i} exchange={exchange} title={exchangeTitle(i, result.exchanges.length)} />)
          )}
        </>
      )}
    </section>
  )
}

/** The fix's lead sentence, then one line per framework pitfall when it has them. */
function Fix({ fix }: { fix: string }) {
  const { lead, items } = fixParts(fix)
  return (
    <div data-testid="check-detail-fix">
      <p>{sentence(lead)}</p>
      {items.length > 0 && (
        <ul className="check-fix-list">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Exchange({ exchange, title }: { exchange: CheckExchange; title: string }) {
  const { request, response } = exchange
  return (
    <div className="attempt check-exchange" data-testid="check-exchange">
      <h3>{title}</h3>
      <p className="mono request-line">
        {request.method} {request.url}
      </p>
      <h4>Request headers</h4>
      <HeaderList headers={request.headers} testId="check-request-headers" />
      <h4>Request body</h4>
      <BodyView text={request.body} label="Request body" testId="check-request-body" />
      <h4 className="check-answer">
        Answer{' '}
        <Badge tone={response ? httpTone(response.status) : 'bad'} testId="check-response-status">
          {response ? response.status : 'no answer'}
        </Badge>{' '}
        <span className="muted">{answerLine(exchange)}</span>
      </h4>
      {response ? (
        <>
          <HeaderList headers={response.headers} testId="check-response-headers" />
          <BodyView text={response.body} label="Response body" testId="check-response-body" />
        </>
      ) : (
        <p className="error">{exchange.error ?? 'The endpoint did not answer.'}</p>
      )}
    </div>
  )
}
