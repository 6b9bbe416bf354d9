import { type ChangeEvent, useRef, useState } from 'react'
import type { ScenarioInfo } from '../../../../shared/schemas/scenario-api'
import { Badge } from '../../components/Http'
import { onRovingKey, rovingTabIndex } from '../../components/RovingList'
import { filterScenarios } from '../../store/scenarios/library'
import { problemPlace, problemText } from '../../store/scenarios/problems'
import { dismissImportProblem, importFile, newScenario, openScenario, undoDelete } from '../../store/scenarios/actions'
import { useStudio } from '../../store/scenarios/state'

/** The left column: built-in and saved scenarios, search, New and Import, and the delete undo. */
export function Library() {
  const scenarios = useStudio((s) => s.scenarios)
  const loaded = useStudio((s) => s.loaded)
  const openId = useStudio((s) => s.open?.file.id)
  const [query, setQuery] = useState('')
  const shown = filterScenarios(scenarios, query)
  const picker = useRef<HTMLInputElement>(null)

  const onPick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (file) await importFile(file.name, await file.text())
  }

  return (
    <aside className="studio-library" aria-label="Scenario library">
      <div className="library-actions">
        <button type="button" className="primary" onClick={() => void newScenario()} data-testid="scenario-new">
          New
        </button>
        <button type="button" onClick={() => picker.current?.click()} data-testid="scenario-import">
          Import…
        </button>
        <input ref={picker} type="file" accept=".yaml,.yml,.json" hidden onChange={(e) => void onPick(e)} data-testid="scenario-import-file" />
      </div>
      <input
        type="search"
        className="library-search"
        placeholder="Search scenarios"
        title="Searches names, descriptions and platforms (Esc clears)"
        aria-label="Search scenarios by name, description or platform"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && query) {
            e.preventDefault()
            setQuery('')
          }
        }}
        data-testid="scenario-search"
      />
      <ImportProblem />
      <UndoDelete />
      <p className="muted library-count" aria-live="polite">
        {loaded ? `${shown.length} of ${scenarios.length} scenarios` : 'Loading…'}
      </p>
      <ul className="library-list" data-testid="scenario-list" onKeyDown={(e) => onRovingKey(e, '.library-item')}>
        {shown.map((s, i) => (
          <LibraryItem key={s.id} scenario={s} current={s.id === openId} tabIndex={rovingTabIndex(i, shown.findIndex((x) => x.id === openId))} />
        ))}
      </ul>
      {loaded && shown.length === 0 && <p className="muted">No scenario matches “{query}”.</p>}
    </aside>
  )
}

function LibraryItem({ scenario: s, current, tabIndex }: { scenario: ScenarioInfo; current: boolean; tabIndex: number }) {
  return (
    <li>
      <button type="button" className="library-item" aria-current={current} tabIndex={tabIndex} onClick={() => void openScenario(s.id)} data-testid="scenario-item" data-id={s.id}>
        <span className="library-name">{s.name}</span>
        <span className="library-badges">
          <Badge tone={s.builtin ? 'neutral' : 'ok'}>{s.builtin ? 'built-in' : 'saved'}</Badge>
          {s.provider && <span className="library-tag">{s.provider}</span>}
          <span className="library-tag">
            {s.steps} {s.steps === 1 ? 'step' : 'steps'}
          </span>
          {s.problems.length > 0 && (
            <Badge tone="bad" testId="scenario-problems-badge">
              {s.problems.length} {s.problems.length === 1 ? 'problem' : 'problems'}
            </Badge>
          )}
        </span>
        {s.description && <span className="library-description">{s.description}</span>}
      </button>
    </li>
  )
}

function ImportProblem() {
  const problem = useStudio((s) => s.importProblem)
  if (!problem) return null
  return (
    <div className="banner banner-warn import-problem" role="alert" data-testid="import-problem">
      <span>{problem.message ?? `“${problem.fileName}” was not imported: it is not a valid scenario. Nothing was changed.`}</span>
      {problem.problems.length > 0 && (
        <ul className="problems">
          {problem.problems.map((p, i) => (
            <li key={i}>
              <span className="problem-place">{problemPlace(p)}</span> {problemText(p)}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={dismissImportProblem}>
        Dismiss
      </button>
    </div>
  )
}

function UndoDelete() {
  const deleted = useStudio((s) => s.deleted)
  if (!deleted) return null
  return (
    <div className="banner" role="status" data-testid="scenario-undo-delete">
      <span>Deleted “{deleted.name}”.</span>
      <button type="button" onClick={() => void undoDelete()} data-testid="scenario-undo-delete-button">
        Undo
      </button>
    </div>
  )
}
