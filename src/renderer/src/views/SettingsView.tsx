import { type FormEvent, useState } from 'react'
import { EmptyState, Page } from '../components/Page'
import { useHookbench } from '../store/app-store'
import { updateSettings } from '../store/settings/actions'
import { setTheme } from '../store/ui/actions'
import type { ThemeChoice } from '../store/ui/slice'
import type { Problems } from '../forms/form-patch'
import { Exports } from './settings/Exports'
import { type HistoryForm, historyFormOf, historyPatch } from './settings/history-form'

const THEMES: { id: ThemeChoice; label: string }[] = [
  { id: 'system', label: 'Follow system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
]

export function SettingsView() {
  const status = useHookbench((s) => s.status)
  const theme = useHookbench((s) => s.theme)
  return (
    <Page title="Settings" intro="Appearance, engine and storage.">
      <div className="card">
        <h2>Theme</h2>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map((option) => (
            <label key={option.id} className="segment">
              <input
                type="radio"
                name="theme"
                value={option.id}
                checked={theme === option.id}
                onChange={() => setTheme(option.id)}
                data-testid={`theme-${option.id}`}
              />
              {option.label}
            </label>
          ))}
        </div>
      </div>
      <div className="card" data-testid="engine-status">
        <h2>Engine</h2>
        {status ? (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{status.version}</dd>
            <dt>Host</dt>
            <dd>{status.host}</dd>
            <dt>Data directory</dt>
            <dd>
              <code data-testid="engine-data-dir">{status.dataDir}</code>
            </dd>
            <dt>Receiver</dt>
            <dd>{status.receiverUrl ? <code>{status.receiverUrl}</code> : 'not running'}</dd>
            <dt>Time scale</dt>
            <dd>×{status.timeScale}</dd>
            <dt>Started</dt>
            <dd>{new Date(status.startedAt).toLocaleString()}</dd>
          </dl>
        ) : (
          <EmptyState title="Waiting for the engine">The engine status appears here once it answers.</EmptyState>
        )}
        {status?.recoveries.map((r) => (
          <p key={r.movedTo} className="notice notice-warning" data-testid="storage-recovery">
            {r.file} could not be read ({r.reason}). It was moved to <code>{r.movedTo}</code>; Hookbench started with an empty store.
          </p>
        ))}
        {status?.skippedLines.map((s) => (
          <p key={s.file} className="notice notice-warning" data-testid="skipped-lines">
            {s.lines} unreadable line{s.lines === 1 ? '' : 's'} in <code>{s.file}</code> (a write cut short by a crash, or a damaged line){' '}
            {s.lines === 1 ? 'was' : 'were'} skipped at start-up; the rest of the history loaded.
            {s.movedTo && (
              <>
                {' '}
                {s.lines === 1 ? 'It was' : 'They were'} kept in <code>{s.movedTo}</code>.
              </>
            )}
          </p>
        ))}
        {status?.failingStorage?.map((f) => (
          <p key={f.file} className="notice notice-error" data-testid="failing-storage">
            {f.message}. Hookbench keeps running and saves again once the file can be written.
          </p>
        ))}
      </div>
      <HistorySettings />
      <Exports />
    </Page>
  )
}

/** History limits: read when the engine starts, so a change applies from the next start. Save sends only the limit changed. */
function HistorySettings() {
  const settings = useHookbench((s) => s.settings)
  const [draft, setDraft] = useState<HistoryForm>()
  const [problems, setProblems] = useState<Problems>({})
  if (!settings) return null
  const stored = historyFormOf(settings)
  const shown = draft ?? stored
  const save = async (e: FormEvent) => {
    e.preventDefault()
    const checked = historyPatch(settings, stored, shown)
    setProblems(checked.ok ? {} : checked.problems)
    if (!checked.ok) return
    if (checked.empty || (await updateSettings(checked.changes))) setDraft(undefined)
  }
  const field = (key: keyof HistoryForm) => (e: { target: { value: string } }) => setDraft({ ...shown, [key]: e.target.value })
  const problem = (key: keyof HistoryForm) =>
    problems[key] && (
      <small className="error" data-testid={`history-problem-${key}`}>
        {problems[key]}
      </small>
    )
  return (
    <div className="card" data-testid="history-settings">
      <h2>History</h2>
      <p className="muted">
        How many finished deliveries and captured requests are kept. Older ones are dropped first; deliveries still pending are never
        dropped. Bodies and attempts stay on disk, but a short summary of each record stays in memory so lists and filters answer at
        once: about 1 KB of memory per record, and start-up reads every summary (about a second for 100,000 on a laptop). Takes effect
        the next time Hookbench starts.
      </p>
      <form className="form" onSubmit={(e) => void save(e)}>
        <label>
          Deliveries kept
          <input type="number" min={100} max={1_000_000} value={shown.deliveries} onChange={field('deliveries')} aria-invalid={problems.deliveries ? true : undefined} data-testid="history-deliveries" />
          {problem('deliveries')}
        </label>
        <label>
          Captures kept
          <input type="number" min={100} max={1_000_000} value={shown.captures} onChange={field('captures')} aria-invalid={problems.captures ? true : undefined} data-testid="history-captures" />
          {problem('captures')}
        </label>
        <div className="actions">
          <button type="submit" disabled={!draft} data-testid="history-save">
            Save
          </button>
        </div>
      </form>
    </div>
  )
}
