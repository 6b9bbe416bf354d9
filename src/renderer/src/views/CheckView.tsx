import { useEffect, useMemo, useRef } from 'react'
import type { CheckStart } from '../../../shared/schemas/check'
import { run } from '../api/run'
import { api } from '../api/transport'
import { Badge, download } from '../components/Http'
import { EmptyState, Page } from '../components/Page'
import { setLoadedCheck, useChecks } from '../store/checks'
import { loadCheckHistory } from '../store/engine-sync'
import { CaseDetail } from './check/CaseDetail'
import { CaseTable } from './check/CaseTable'
import { CheckFormPanel } from './check/CheckFormPanel'
import { CheckHistory } from './check/CheckHistory'
import { type CheckErrors, errorsOfIssues, sentence } from './check/check-form'
import { caseRows, outcomeWord, summaryOf } from './check/check-results'

/** The check shown survives a reload of the page while the engine keeps it. */
const CURRENT_KEY = 'hookbench.check'

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
    if (current) return
    const remembered = globalThis.sessionStorage?.getItem(CURRENT_KEY)
    if (remembered) void loadCheck(remembered, { quiet: true })
  }, [current])

  const close = () => {
    useChecks.setState({ opened: undefined })
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
            <CaseTable rows={rows} opened={opened} onOpen={(id) => useChecks.setState({ opened: id })} tableRef={tableRef} />
            {openedRow ? <CaseDetail key={openedRow.id} row={openedRow} onClose={close} /> : <p className="detail muted check-detail-hint">Select a case (↑ ↓ and Enter in the table) to see why, how to fix it, and each request and answer.</p>}
          </div>
        </>
      )}
      <CheckHistory onOpen={(id) => void openCheck(id)} />
    </Page>
  )
}

/** Starts a check; returns the problems to show in the form when the engine refuses it. */
async function startCheck(input: CheckStart): Promise<CheckErrors | undefined> {
  const started = await api.startCheck(input)
  if (!started.ok) {
    const { issues, message } = started.error
    return issues?.length ? errorsOfIssues(issues) : { form: sentence(message) }
  }
  globalThis.sessionStorage?.setItem(CURRENT_KEY, started.data.id)
  await loadCheck(started.data.id)
  void loadCheckHistory()
  return undefined
}

async function loadCheck(id: string, options: { quiet?: boolean } = {}) {
  const result = await api.getCheck({ id })
  if (result.ok) {
    setLoadedCheck(result.data)
    // A reload's restore never replaces a check started meanwhile.
    useChecks.setState((s) => (options.quiet && s.current ? {} : { current: id, opened: undefined }))
  } else if (options.quiet) {
    // The engine restarted or forgot it: nothing to show back, and nothing to warn about.
    globalThis.sessionStorage?.removeItem(CURRENT_KEY)
  } else {
    await run(Promise.resolve(result))
  }
}

/** Shows a kept check (the history's Open). */
async function openCheck(id: string) {
  globalThis.sessionStorage?.setItem(CURRENT_KEY, id)
  await loadCheck(id)
}

async function cancelCheck(id: string | undefined) {
  if (!id) return
  const cancelled = await run(api.cancelCheck({ id }))
  if (cancelled) setLoadedCheck(cancelled)
}

async function exportReport(id: string | undefined, format: 'junit' | 'json') {
  if (!id) return
  const file = await run(api.getCheckReport({ id, format }))
  if (file) await download(file.filename, file.mimeType, file.text)
}
