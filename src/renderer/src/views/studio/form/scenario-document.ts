import { type Document, LineCounter, type ToStringOptions, isMap, parseDocument } from 'yaml'
import { mergeEdit } from './line-merge'

/** The scenario file as the form edits it: the YAML document (JSON is read as YAML too) and its format. */
export interface ScenarioDocument {
  doc: Document
  json: boolean
}

export type Opened = { ok: true; file: ScenarioDocument } | { ok: false; message: string }

/** An edit changes the document in place. */
export type Edit = (doc: Document) => void

/** Long values fold at the project's width; new flow maps keep the library's `{ key: value }` look. */
const RENDER: ToStringOptions = { lineWidth: 100, minContentWidth: 40 }

export const isJsonFile = (fileName: string) => fileName.toLowerCase().endsWith('.json')

/** Reads the file for the form, or says what the user must fix first, in the form's words. */
export function openScenario(source: string, fileName: string): Opened {
  const json = isJsonFile(fileName)
  const lines = new LineCounter()
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, keepSourceTokens: false })
  const syntaxLine = json ? jsonErrorLine(source, lines) : doc.errors[0] && lines.linePos(doc.errors[0].pos[0]).line
  // An unclosed quote or bracket is reported at the end of the file: name the last line with text.
  if (syntaxLine !== undefined) {
    const line = Math.max(1, Math.min(syntaxLine, source.trimEnd().split('\n').length))
    return { ok: false, message: `Fix the syntax error on line ${line} in the source view.` }
  }
  if (!isMap(doc.contents)) {
    return { ok: false, message: 'The form edits a scenario: a map with version, name, provider and steps. Start it in the source view.' }
  }
  return { ok: true, file: { doc, json } }
}

/** The line of the first JSON syntax error, if any (JSON.parse is stricter than YAML). */
function jsonErrorLine(source: string, lines: LineCounter): number | undefined {
  if (isJsonPrefix(source) === 'complete') return undefined
  // A prefix of a JSON text that is still on track stays so when shortened: the first offending
  // character is where the longest such prefix ends. (Node's messages do not always say where.)
  let good = 0
  let bad = source.length
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2)
    if (isJsonPrefix(source.slice(0, middle)) === 'bad') bad = middle
    else good = middle
  }
  return lines.linePos(good).line
}

function isJsonPrefix(text: string): 'complete' | 'prefix' | 'bad' {
  try {
    JSON.parse(text)
    return 'complete'
  } catch (error) {
    const message = error instanceof Error ? error.message : ''
    if (/Unexpected end of JSON input|Unterminated string/.test(message)) return 'prefix'
    return /at position (\d+)/.exec(message)?.[1] === String(text.length) ? 'prefix' : 'bad'
  }
}

function render(file: ScenarioDocument): string {
  return file.json ? JSON.stringify(file.doc.toJS(), null, 2) : file.doc.toString(RENDER)
}

/**
 * The file's new text after an edit. YAML keeps every line the edit did not change as it was
 * (comments, quoting, folding); JSON is rewritten with a 2-space indent, keys in their order.
 * An unreadable file is returned unchanged: the form is not shown for it.
 */
export function applyEdit(source: string, fileName: string, edit: Edit): string {
  const opened = openScenario(source, fileName)
  if (!opened.ok) return source
  const { file } = opened
  const before = render(file)
  edit(file.doc)
  const after = render(file)
  if (after === before) return source
  if (file.json) return source.endsWith('\n') ? `${after}\n` : after
  return mergeEdit(source, before, after)
}
