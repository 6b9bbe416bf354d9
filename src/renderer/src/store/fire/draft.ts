import { create } from 'zustand'
import type { ApiOutput } from '../../../../shared/api/contract'
import type { ProviderId } from '../../../../shared/platforms'
import type { GenerateContext } from '../../../../shared/platforms/context'
import { pageStorage } from '../ui/browser-page'
import { togglePick } from './targets'

export { isChosen } from './targets'

/** A field of a platform generator's context, as the fire form shows it. */
type ContextKey = keyof GenerateContext

/** Where the fire targets ticked or unticked are remembered (read when the store is made, below). */
const PICKS_KEY = 'hookbench.fire.targets'

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
  /** Subscriptions the user ticked (true) or unticked (false); remembered across starts. */
  picks: Readonly<Record<string, boolean>>
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
  picks: loadPicks(),
  sendAnyway: false,
  result: undefined,
}))

export const setDraft = (changes: Partial<FireDraft>) => useFireDraft.setState(changes)

function loadPicks(): Record<string, boolean> {
  try {
    const stored: unknown = JSON.parse(pageStorage()?.getItem(PICKS_KEY) ?? '{}')
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {}
    return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'))
  } catch {
    return {}
  }
}

/** Ticks or unticks a subscription as a fire target, and remembers it for the next start. */
export function rememberPick(picks: Readonly<Record<string, boolean>>, id: string, chosen: boolean): Record<string, boolean> {
  const next = togglePick(picks, id, chosen)
  pageStorage()?.setItem(PICKS_KEY, JSON.stringify(next))
  return next
}
