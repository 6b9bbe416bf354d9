import { create } from 'zustand'
import type { ApiOutput } from '../../../../shared/api/contract'
import type { ProviderId } from '../../../../shared/platforms'
import type { ContextKey } from './context-fields'

export const GENERIC_EXAMPLE = JSON.stringify({ type: '{{event}}', id: '{{id}}', at: '{{timestamp.iso}}', data: { project: '{{context.project}}' } }, null, 2)

export const freshSeed = () => String(Math.floor(Math.random() * 1_000_000))

/** What the fire panel holds; kept outside the view so a visit to the Timeline loses no edit. */
export interface FireDraft {
  provider: ProviderId
  eventChoice: string
  genericEvent: string
  fields: Partial<Record<ContextKey, string>>
  seed: string
  template: string
  /** The editor's text once the user changed it; undefined while it follows the generated payload. */
  edited: string | undefined
  /** The generated payload the user's edits started from: what `set:` overrides are computed against. */
  editBase: string | undefined
  /** The choice changed after an edit: the edit is kept until the user regenerates. */
  staleEdit: boolean
  /** Subscriptions the user unticked. */
  excluded: ReadonlySet<string>
  sendAnyway: boolean
  result: ApiOutput<'fireEvent'> | undefined
}

export const useFireDraft = create<FireDraft>()(() => ({
  provider: 'divshot',
  eventChoice: '',
  genericEvent: '',
  fields: {},
  seed: freshSeed(),
  template: GENERIC_EXAMPLE,
  edited: undefined,
  editBase: undefined,
  staleEdit: false,
  excluded: new Set(),
  sendAnyway: false,
  result: undefined,
}))

export const setDraft = (changes: Partial<FireDraft>) => useFireDraft.setState(changes)
