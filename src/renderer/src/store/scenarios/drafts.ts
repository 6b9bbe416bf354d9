/**
 * Unsaved edits, one per scenario, kept in the browser's storage so they survive a reload. A draft
 * equal to the file's text is no draft: it is removed rather than kept.
 */

/** What the studio reads and writes; `localStorage` in the app, a map in tests. */
export interface DraftStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface Draft {
  source: string
  /** The file's text when editing started: a draft made over other text is shown as such. */
  base: string
}

const PREFIX = 'hookbench.studio.draft.'

export const draftKey = (scenarioId: string) => `${PREFIX}${scenarioId}`

export function readDraft(storage: DraftStorage | undefined, scenarioId: string): Draft | undefined {
  const text = storage?.getItem(draftKey(scenarioId))
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as unknown
    if (isDraft(value)) return value
  } catch {
    // A draft the studio cannot read is dropped below, not shown half-read.
  }
  storage?.removeItem(draftKey(scenarioId))
  return undefined
}

/** Keeps `source` as the scenario's draft, or forgets the draft when it equals the file's text. */
export function writeDraft(storage: DraftStorage | undefined, scenarioId: string, source: string, fileSource: string): void {
  if (!storage) return
  if (source === fileSource) return storage.removeItem(draftKey(scenarioId))
  const base = readDraft(storage, scenarioId)?.base ?? fileSource
  try {
    storage.setItem(draftKey(scenarioId), JSON.stringify({ source, base } satisfies Draft))
  } catch {
    // Storage full or blocked: the edit stays in the editor; only the reload safety net is lost.
  }
}

export function removeDraft(storage: DraftStorage | undefined, scenarioId: string): void {
  storage?.removeItem(draftKey(scenarioId))
}

/** The text the editor opens with: the draft when there is one, else the file's. */
export function openingSource(storage: DraftStorage | undefined, scenarioId: string, fileSource: string): { source: string; draft: Draft | undefined } {
  const draft = readDraft(storage, scenarioId)
  if (!draft || draft.source === fileSource) {
    if (draft) removeDraft(storage, scenarioId)
    return { source: fileSource, draft: undefined }
  }
  return { source: draft.source, draft }
}

function isDraft(value: unknown): value is Draft {
  return typeof value === 'object' && value !== null && typeof (value as Draft).source === 'string' && typeof (value as Draft).base === 'string'
}
