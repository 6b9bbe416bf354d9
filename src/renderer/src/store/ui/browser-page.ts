import type { ThemeChoice, UiPage } from './slice'

const THEME_KEY = 'hookbench.theme'

/** What the app keeps in the page's localStorage: choices remembered across starts. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}
interface HashLocation {
  hash: string
}

const isStorage = (value: unknown): value is KeyValueStorage =>
  typeof value === 'object' && value !== null && 'getItem' in value && typeof value.getItem === 'function' && 'setItem' in value && typeof value.setItem === 'function'
const isLocation = (value: unknown): value is HashLocation => typeof value === 'object' && value !== null && 'hash' in value && typeof value.hash === 'string'

/** A page global, looked up at each use and checked: unit tests run without a page (no storage, no location). */
function pageGlobal<T>(name: string, is: (value: unknown) => value is T): T | undefined {
  const value: unknown = Reflect.get(globalThis, name)
  return is(value) ? value : undefined
}
/** The page's localStorage; undefined where there is none (unit tests, a browser that refuses it). */
export const pageStorage = () => pageGlobal('localStorage', isStorage)
const storage = pageStorage
const location = () => pageGlobal('location', isLocation)

/** The page the app runs in: the theme in localStorage, the view in the URL hash. */
export const browserPage: UiPage = {
  savedTheme: () => storage()?.getItem(THEME_KEY) ?? undefined,
  saveTheme: (theme: ThemeChoice) => storage()?.setItem(THEME_KEY, theme),
  hash: () => location()?.hash,
  setHash(hash) {
    const page = location()
    if (page) page.hash = hash
  },
}
