import { useEffect, useMemo, useRef } from 'react'
import { Badge } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { cancelCheck, exportCheckReport as exportReport, openCase, openCheck, restoreCheck, startCheck } from '../store/checks/actions'
import { useChecks } from '../store/checks/state'
import { CaseDetail } from './check/CaseDetail'
import { CaseTable } from './check/CaseTable'
import { CheckFormPanel } from './check/CheckFormPanel'
import { CheckHistory } from './check/CheckHistory'
import { caseRows, outcomeWord, summaryOf } from './check/check-results'

/**
 * The endpoint conformance check (`hookbench check`) from the UI: pick a subscription or type a
 * URL, run the battery, watch the cases fill in, read why each failed and what was sent.
 */
export function CheckView() {
  const current = useChecks((s) => s.current)
  const check = useChecks((s) => (s.current ? s.byId[s.current] : undefined))
  const opened = useChecks((s) => s.opened)
  const tableRef = useRef<HTMLTableElement>(null)
  const rows = useMemo(() => (check ? caseRows(check) : []), [check])
  const openedRow = rows.find((r) => r.id === opened)

  useEffect(() => {
    if (!current) void restoreCheck()
  }, [current])

  const close = () => {
    openCase(undefined)
    tableRef.current?.focus()
  }
  const finished = check?.state === 'finished'
  const running = check?.state === 'running'
  const summary = check ? summaryOf(check) : undefined
  const outcome = check ? outcomeWord(check) : undefined

  return (
    <Page
      title="Check"
      intro="Does your endpoint verify signatures, refuse replays and stale timestamps, and take retries, late and unknown events in its stride? The same battery as hookbench check."
      actions={
        <>
          <button type="button" disabled={!finished} onClick={() => void exportReport(current, 'junit')} data-testid="check-export-junit" title={finished ? 'One testcase per case, for CI dashboards' : 'Available once the check has finished'}>
            Export JUnit
          </button>
          <button type="button" disabled={!finished} onClick={() => void exportReport(current, 'json')} data-testid="check-export-json" title={finished ? 'The whole report, every request and answer' : 'Available once the check has finished'}>
            Export JSON
          </button>
        </>
      }
    >
      <CheckFormPanel running={running} onRun={startCheck} onCancel={() => void cancelCheck(current)} />
      {!check ? (
        <EmptyState title="No check yet">Choose what to check above and run it: each case appears here as it finishes.</EmptyState>
      ) : (
        <>
          <div className="check-summary" data-testid="check-summary" data-state={check.state} data-check={check.id}>
            <Badge tone={outcome!.tone}>{outcome!.word}</Badge>
            <span role="status" data-testid="check-summary-text">
              {summary!.text}
            </span>
            <span className="muted check-target-line">
              {check.subscription ? `${check.subscription.name}: ` : ''}
              {check.url} as {check.provider} {check.event}, {check.scheme === 'none' ? 'unsigned' : `${check.scheme} scheme`}
            </span>
          </div>
          <div className="check-results">
            <CaseTable rows={rows} opened={opened} onOpen={openCase} tableRef={tableRef} />
            {openedRow ? <CaseDetail key={openedRow.id} row={openedRow} onClose={close} /> : <p className="detail muted check-detail-hint">Select a case (↑ ↓ and Enter in the table) to see why, how to fix it, and each request and answer.</p>}
          </div>
        </>
      )}
      <CheckHistory onOpen={(id) => void openCheck(id)} />
    </Page>
  )
}
