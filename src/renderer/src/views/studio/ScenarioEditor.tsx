import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete'
import { EditorView } from '@codemirror/view'
import { type KeyboardEvent, useCallback, useRef, useState } from 'react'
import type { ScenarioProblem } from '../../../../shared/schemas/scenario-api'
import { CodeEditor } from '../../components/CodeEditor'
import { Badge } from '../../components/Http'
import { EmptyState } from '../../components/Page'
import { useHookbench } from '../../store/app-store'
import { completeScenario } from './completion'
import { ScenarioForm } from './form/ScenarioForm'
import { SaveConflict } from './SaveConflict'
import { languageOf } from '../../store/scenarios/library'
import { inlineProblems, problemPlace, problemText } from '../../store/scenarios/problems'
import { deleteScenario, discardChanges, duplicateScenario, editSource, exportScenario, saveOpen, setTab, undoDiscard, validate } from '../../store/scenarios/actions'
import { type EditorTab, type OpenScenario, isDirty, useStudio } from '../../store/scenarios/state'

const TABS: Array<{ id: EditorTab; label: string }> = [
  { id: 'form', label: 'Form' },
  { id: 'source', label: 'Source' },
]

/** Puts the cursor of the editor inside `host` on a line (and column) and scrolls it into view. */
function goToLine(host: HTMLElement | null, line: number, column = 1) {
  const dom = host?.querySelector<HTMLElement>('.cm-editor')
  const view = dom ? EditorView.findFromDOM(dom) : null
  if (!view) return
  const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines))
  const pos = Math.min(target.from + Math.max(column - 1, 0), target.to)
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) })
  view.focus()
}

/** Discarded edits can come back for a while; Undo takes the focus the vanished Discard button had. */
function UndoDiscard({ fileId }: { fileId: string }) {
  const discarded = useStudio((s) => s.discarded)
  if (discarded?.id !== fileId) return null
  return (
    <div className="banner" role="status" data-testid="scenario-undo-discard">
      <span>Unsaved changes discarded: the editor shows the saved file.</span>
      <button type="button" onClick={undoDiscard} autoFocus data-testid="scenario-undo-discard-button">
        Undo
      </button>
    </div>
  )
}

/** The middle of the studio: the open scenario as a form or as its source, with its problems. */
export function ScenarioEditor() {
  const open = useStudio((s) => s.open)
  const loaded = useStudio((s) => s.loaded)
  if (!open) {
    return (
      <section className="studio-editor">
        {loaded ? <EmptyState title="No scenario open">Pick one in the library, or make a new one.</EmptyState> : <p className="muted">Loading the library…</p>}
      </section>
    )
  }
  return <OpenEditor key={open.file.id} open={open} />
}

function OpenEditor({ open }: { open: OpenScenario }) {
  const { file, source } = open
  const tab = useStudio((s) => s.tab)
  const host = useRef<HTMLDivElement>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const dirty = isDirty(open)
  const language = languageOf(file.fileName)

  const lint = useCallback((text: string) => validate(text, file.fileName).then((problems) => inlineProblems(problems ?? [])), [file.fileName])
  const complete = useCallback(
    (context: CompletionContext): CompletionResult | null => {
      const at = completeScenario(context.state.doc.toString(), context.pos, useHookbench.getState().catalog, language, context.explicit)
      return at && { from: at.from, ...(at.to !== undefined && { to: at.to }), options: at.options }
    },
    [language],
  )
  const showProblem = (problem: ScenarioProblem) => {
    if (problem.line === undefined) return
    if (tab !== 'source') setTab('source')
    requestAnimationFrame(() => goToLine(host.current, problem.line!, problem.column))
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault()
      void saveOpen()
    }
  }

  return (
    <section className="studio-editor" aria-labelledby="studio-scenario-name" data-testid="scenario-editor" data-id={file.id}>
      <header className="studio-editor-head">
        <div className="studio-title">
          <h2 id="studio-scenario-name">{file.name}</h2>
          <span className="library-badges">
            {file.builtin ? <Badge tone="neutral">built-in (read-only)</Badge> : !dirty && <Badge tone="ok" testId="scenario-saved">saved</Badge>}
            <span className="library-tag mono">{file.fileName}</span>
            {dirty && (
              <Badge tone="warn" testId="scenario-dirty">
                unsaved changes
              </Badge>
            )}
          </span>
        </div>
        <div className="studio-editor-actions">
          <button type="button" className="primary" onClick={() => void saveOpen()} disabled={!dirty && !file.builtin} title="Ctrl/⌘+S in the editor" data-testid="scenario-save">
            {file.builtin ? 'Save as copy' : 'Save'}
          </button>
          {dirty && (
            <button type="button" onClick={discardChanges} data-testid="scenario-discard">
              Discard changes
            </button>
          )}
          <button type="button" onClick={() => void duplicateScenario(file)} data-testid="scenario-duplicate">
            Duplicate
          </button>
          <button type="button" onClick={() => void exportScenario(file)} title="Download the saved file" data-testid="scenario-export">
            Export
          </button>
          {!file.builtin && (
            <button type="button" className="danger" onClick={() => setConfirmingDelete(true)} data-testid="scenario-delete">
              Delete
            </button>
          )}
        </div>
      </header>
      {confirmingDelete && (
        <div className="banner banner-warn" role="alertdialog" aria-labelledby="confirm-scenario-delete" data-testid="scenario-confirm-delete">
          <span id="confirm-scenario-delete">
            Delete “{file.name}” ({file.fileName}){dirty ? ' and its unsaved changes' : ''}? Its runs stay in the history.
          </span>
          <button type="button" className="danger" autoFocus onClick={() => void deleteScenario(file)} data-testid="scenario-confirm-delete-yes">
            Delete
          </button>
          <button type="button" onClick={() => setConfirmingDelete(false)}>
            Keep it
          </button>
        </div>
      )}
      {open.conflict && <SaveConflict message={open.conflict} />}
      <UndoDiscard fileId={file.id} />
      {open.restored && dirty && (
        <p className="studio-note" role="status" data-testid="scenario-restored">
          Your unsaved changes from an earlier session are back. Save them, or Discard changes to see the file as saved.
        </p>
      )}
      {file.builtin && <p className="studio-note muted">Built-in scenarios are read-only: edit freely, then Save as copy keeps your version in your scenarios.</p>}
      <div className="studio-tabs" role="tablist" aria-label="Edit as">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`studio-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="studio-tab-panel"
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault()
                const next = tab === 'form' ? 'source' : 'form'
                setTab(next)
                requestAnimationFrame(() => document.getElementById(`studio-tab-${next}`)?.focus())
              }
            }}
            data-testid={`studio-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="studio-tab-panel" role="tabpanel" aria-labelledby={`studio-tab-${tab}`} ref={host} onKeyDown={onKeyDown}>
        {tab === 'source' ? (
          <CodeEditor value={source} onChange={editSource} language={language} lint={lint} complete={complete} label={`Source of ${file.fileName}`} testId="scenario-source" minLines={16} />
        ) : (
          <ScenarioForm source={source} fileName={file.fileName} onChange={editSource} />
        )}
      </div>
      <ProblemList source={source} onShow={showProblem} />
    </section>
  )
}

function ProblemList({ source, onShow }: { source: string; onShow: (problem: ScenarioProblem) => void }) {
  const problems = useStudio((s) => s.problems)
  const problemsOf = useStudio((s) => s.problemsOf)
  const current = problemsOf === source
  if (current && problems.length === 0) {
    return (
      <p className="studio-problems-ok" data-testid="scenario-valid">
        <Badge tone="ok">valid</Badge> No problems.
      </p>
    )
  }
  if (!current && problems.length === 0) return <p className="muted studio-problems-ok">Checking…</p>
  return (
    <div className="studio-problems" data-testid="scenario-problems" aria-live="polite">
      <h3>
        {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
        {!current && <span className="muted"> (checking the latest edit…)</span>}
      </h3>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}-${i}`}>
            <button type="button" className="problem" onClick={() => onShow(p)} disabled={p.line === undefined} data-testid="scenario-problem">
              <span className="problem-place">{problemPlace(p)}</span>
              <span>{problemText(p)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
