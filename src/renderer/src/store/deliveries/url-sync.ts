import { create } from 'zustand'
import { viewOfHash } from '../ui/view-hash'
import { deliveryList } from './list'
import { type TimelineMode, decodeTimelineHash, encodeTimelineHash } from './timeline-url'

const MODE_KEY = 'hookbench.timeline.mode'

/** List or time view: remembered across starts, and in the URL. */
export const useTimelineMode = create<{ mode: TimelineMode }>()(() => ({
  mode: globalThis.localStorage?.getItem(MODE_KEY) === 'time' ? 'time' : 'list',
}))

export function setTimelineMode(mode: TimelineMode) {
  globalThis.localStorage?.setItem(MODE_KEY, mode)
  useTimelineMode.setState({ mode })
}

const currentHash = () => encodeTimelineHash({ filter: deliveryList.use.getState().filter, mode: useTimelineMode.getState().mode, opened: deliveryList.use.getState().opened })

function applyHash(hash: string) {
  const state = decodeTimelineHash(hash)
  if (!state) return
  deliveryList.setFilter(state.filter)
  if (state.mode !== useTimelineMode.getState().mode) setTimelineMode(state.mode)
  if (state.opened !== deliveryList.use.getState().opened) deliveryList.open(state.opened)
}

/**
 * While the Timeline is shown: its filters, mode and opened delivery follow the hash (a reload,
 * back/forward), and each change the user makes is a new history entry. A plain `#/timeline`
 * (a view switch, Ctrl+4) keeps what is in force and shows it in the hash. Returns the stop.
 */
export function startTimelineUrlSync(): () => void {
  const location = globalThis.location
  // Mounted before the app reads the hash at start: another view's hash is left for it to show.
  if (viewOfHash(location.hash) === 'timeline') {
    if (location.hash.includes('?')) applyHash(location.hash)
    else history.replaceState(history.state, '', currentHash())
  }

  const write = () => {
    if (viewOfHash(location.hash) !== 'timeline') return
    const next = currentHash()
    if (next !== location.hash) location.hash = next
  }
  const onHashChange = () => {
    if (viewOfHash(location.hash) === 'timeline') applyHash(location.hash)
  }
  const stopList = deliveryList.use.subscribe((state, previous) => {
    if (state.filter !== previous.filter || state.opened !== previous.opened) write()
  })
  const stopMode = useTimelineMode.subscribe(write)
  window.addEventListener('hashchange', onHashChange)
  return () => {
    stopList()
    stopMode()
    window.removeEventListener('hashchange', onHashChange)
  }
}
