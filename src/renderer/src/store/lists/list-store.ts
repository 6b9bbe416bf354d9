import { type StoreApi, type UseBoundStore, create } from 'zustand'
import {
  type ListRules,
  type ListWindow,
  type Page,
  type PageRequest,
  applyLive,
  applyPage,
  emptyList,
  failed,
  nextRequest,
  restart,
  setViewport,
} from './paged-list'

export interface ListState<T, F> {
  list: ListWindow<T>
  /** The filter sent with every page. */
  filter: F
  /** The row the keyboard is on. */
  active: string | undefined
  /** The record shown in the detail pane. */
  opened: string | undefined
}

export interface ListOptions<T, F> extends ListRules<T> {
  /** One page; `undefined` when the call failed (the caller has said so to the user). */
  fetch(filter: F, request: { cursor: string | undefined; limit: number }): Promise<Page<T> | undefined>
  /** Whether the filter takes a record (for live records). */
  matches(filter: F, item: T): boolean
  /** Orders versions of one record: the larger is the newer. */
  version(item: T): string
  initialFilter: F
}

export interface ListController<T, F> {
  use: UseBoundStore<StoreApi<ListState<T, F>>>
  /** Fetches the first page unless the list was started already. */
  start(): void
  setFilter(filter: F): void
  /** Same filter, fetched again from the top. */
  reload(): void
  /**
   * The newest page fetched again and put in as live records: what came while the event stream
   * was not connected shows up, and the list stays where it was scrolled to.
   */
  catchUp(): void
  /** The rows on screen (`to` exclusive). */
  setViewport(from: number, to: number): void
  /** Live records from the engine, oldest first. */
  applyLive(items: T[]): void
  setActive(key: string | undefined): void
  open(key: string | undefined): void
  /** Where the view was scrolled to, kept across view switches (not state: nothing renders from it). */
  scrollTop: number
  /** The list's height on screen when it was last shown: its rows are laid out at once when it is shown again. */
  viewportHeight: number
  /** Resolves once nothing is being fetched (tests). */
  idle(): Promise<void>
}

/** Live records are put in the list at most this often: a burst of 500 a second re-renders it four times a second. */
const LIVE_BATCH_MS = 250
/** How many of the newest records a catch-up reads again. */
const CATCH_UP = 200
/** Live versions kept to correct pages that were on their way while a record changed. */
const RECENT = 2000

/** A paged list wired to a fetch function: one page in flight at a time, newest query first. */
export function createListController<T, F>(options: ListOptions<T, F>): ListController<T, F> {
  const use = create<ListState<T, F>>()(() => ({ list: emptyList<T>(), filter: options.initialFilter, active: undefined, opened: undefined }))
  const get = () => use.getState()
  const setList = (list: ListWindow<T>) => {
    if (list !== get().list) use.setState({ list })
  }

  let inflight: PageRequest | undefined
  /** Live records held back while the top of the list is being fetched (it decides what is new). */
  let held: T[] | undefined
  /** A fetch failed: the next one waits until the view moves (no retry loop against a dead engine). */
  let stalled = false
  const waiters: Array<() => void> = []
  const recent = new Map<string, T>()

  const fresher = (item: T): T => {
    const live = recent.get(options.key(item))
    return live !== undefined && options.version(live) > options.version(item) ? live : item
  }

  const live = (items: T[]) => setList(applyLive(get().list, items, options, (item) => options.matches(get().filter, item)))

  /** Live records waiting for the next list update, and when the last one was made. */
  let pendingLive: T[] = []
  let liveTimer: ReturnType<typeof setTimeout> | undefined
  let lastLive = 0
  const flushLive = () => {
    liveTimer = undefined
    lastLive = Date.now()
    const batch = pendingLive
    pendingLive = []
    if (held) held.push(...batch)
    else live(batch)
    pump()
  }

  function pump() {
    const { list, filter } = get()
    if (inflight && inflight.generation === list.generation) return
    const request = stalled ? undefined : nextRequest(list)
    if (!request) {
      if (!inflight) for (const resolve of waiters.splice(0)) resolve()
      return
    }
    inflight = request
    if (request.cursor === undefined) held = []
    void options.fetch(filter, { cursor: request.cursor, limit: request.limit }).then((page) => {
      if (inflight === request) inflight = undefined
      const current = get().list
      if (page) setList(applyPage(current, request, page, fresher))
      else {
        setList(failed(current, request))
        stalled = request.generation === current.generation
      }
      if (request.cursor === undefined && request.generation === get().list.generation && held) {
        const release = held
        held = undefined
        live(release)
      }
      pump()
    })
  }

  const restartWith = (filter: F) => {
    const { list } = get()
    const rows = Math.max(20, list.viewport.to - list.viewport.from)
    held = undefined
    stalled = false
    controller.scrollTop = 0
    use.setState({ filter, list: restart(list, rows), active: undefined })
    pump()
  }

  const controller: ListController<T, F> = {
    use,
    scrollTop: 0,
    viewportHeight: 600,
    start() {
      if (get().list.phase === 'idle') restartWith(get().filter)
    },
    setFilter(filter) {
      if (JSON.stringify(filter) !== JSON.stringify(get().filter) || get().list.phase === 'idle') restartWith(filter)
    },
    reload: () => restartWith(get().filter),
    catchUp() {
      if (get().list.phase === 'idle') return
      void options.fetch(get().filter, { cursor: undefined, limit: CATCH_UP }).then((page) => page && controller.applyLive(page.items.toReversed()))
    },
    setViewport(from, to) {
      const before = get().list
      setList(setViewport(before, from, to))
      if (get().list !== before) stalled = false
      pump()
    },
    applyLive(items) {
      if (items.length === 0) return
      for (const item of items) {
        const key = options.key(item)
        recent.delete(key)
        recent.set(key, item)
      }
      while (recent.size > RECENT) recent.delete(recent.keys().next().value as string)
      // At most a few list updates a second: the first at once, those in the next moments together.
      pendingLive.push(...items)
      const wait = lastLive + LIVE_BATCH_MS - Date.now()
      if (wait <= 0 && liveTimer === undefined) flushLive()
      else liveTimer ??= setTimeout(flushLive, Math.max(0, wait))
    },
    setActive: (active) => use.setState({ active }),
    open: (opened) => use.setState({ opened, ...(opened !== undefined && { active: opened }) }),
    idle() {
      if (!inflight && (stalled || !nextRequest(get().list))) return Promise.resolve()
      return new Promise((resolve) => waiters.push(resolve))
    },
  }
  return controller
}
