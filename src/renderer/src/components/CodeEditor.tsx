import { autocompletion, type CompletionSource } from '@codemirror/autocomplete'
import { json } from '@codemirror/lang-json'
import { yaml } from '@codemirror/lang-yaml'
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint'
import { Compartment, EditorState, type Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { tags } from '@lezer/highlight'
import { basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'

export type CodeLanguage = 'yaml' | 'json' | 'text'

/** Problems to underline, from 1-based line/column (what the engine reports) or from offsets. */
export type CodeProblem = { message: string; severity?: 'error' | 'warning' } & ({ line: number; column?: number } | { from: number; to: number })

interface CodeEditorProps {
  value: string
  onChange?: (value: string) => void
  language?: CodeLanguage
  /** Lints the text as it changes (debounced by CodeMirror); return the problems found. */
  lint?: (text: string) => CodeProblem[] | Promise<CodeProblem[]>
  complete?: CompletionSource
  readOnly?: boolean
  label: string
  testId?: string
  /** Minimum height in lines (the editor grows with its text up to the box's CSS height). */
  minLines?: number
}

const LANGUAGES: Record<CodeLanguage, () => Extension> = { yaml: () => yaml(), json: () => json(), text: () => [] }

/** Colours come from the app's CSS variables, so light and dark follow the theme without a second theme. */
const theme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--panel)', fontSize: '13px', border: '1px solid var(--border)', borderRadius: '6px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent)' },
})

/** Syntax colours from the theme's variables (CodeMirror's default style is made for light backgrounds). */
const highlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--accent)' },
    { tag: [tags.string, tags.special(tags.string)], color: 'var(--ok)' },
    { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--warn)' },
    { tag: [tags.comment, tags.meta], color: 'var(--muted)', fontStyle: 'italic' },
    { tag: [tags.keyword, tags.operator], color: 'var(--bad)' },
  ]),
)

/** Converts the engine's 1-based line/column problems to CodeMirror diagnostics. */
export function toDiagnostics(state: EditorState, problems: CodeProblem[]): Diagnostic[] {
  return problems.map((problem) => {
    const severity = problem.severity ?? 'error'
    if ('from' in problem) return { from: problem.from, to: problem.to, message: problem.message, severity }
    const line = state.doc.line(Math.min(Math.max(problem.line, 1), state.doc.lines))
    const from = Math.min(line.from + Math.max((problem.column ?? 1) - 1, 0), line.to)
    return { from, to: line.to, message: problem.message, severity }
  })
}

/**
 * CodeMirror 6 as a controlled React component: the text is the value; edits call onChange.
 * A value changed from outside (a form view, a reload) replaces the text without losing focus.
 */
export function CodeEditor({ value, onChange, language = 'text', lint, complete, readOnly = false, label, testId, minLines = 6 }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | undefined>(undefined)
  const callbacks = useRef({ onChange, lint })
  useEffect(() => {
    callbacks.current = { onChange, lint }
  })
  const editable = useRef(new Compartment())

  useEffect(() => {
    const extensions: Extension[] = [
      basicSetup,
      LANGUAGES[language](),
      theme,
      highlight,
      // Long lines wrap: the text is read top to bottom, never scrolled sideways.
      EditorView.lineWrapping,
      editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString())
      }),
      EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${minLines * 1.4}em` } }),
    ]
    if (lint) extensions.push(lintGutter(), linter(async (v) => toDiagnostics(v.state, (await callbacks.current.lint?.(v.state.doc.toString())) ?? []), { delay: 300 }))
    if (complete) extensions.push(autocompletion({ override: [complete] }))
    const created = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) })
    view.current = created
    return () => created.destroy()
    // The editor is made once per language; value and readOnly are synced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, Boolean(lint), complete])

  useEffect(() => {
    const current = view.current
    if (!current || current.state.doc.toString() === value) return
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } })
  }, [value])

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) })
  }, [readOnly])

  return <div className="code-editor" ref={host} data-testid={testId} />
}
