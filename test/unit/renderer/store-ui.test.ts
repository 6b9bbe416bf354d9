import { afterEach, describe, expect, it, vi } from 'vitest'
import { browserPage } from '../../../src/renderer/src/store/ui/browser-page'
import { ThemeChoice, ViewId } from '../../../src/renderer/src/store/ui/slice'
import { freshStore } from './store-fixture'

describe('UI slice', () => {
  it('starts on the Timeline with the saved theme; anything else saved means system', () => {
    expect(freshStore().store.getState()).toMatchObject({ view: 'timeline', theme: 'system' })
    expect(freshStore({ theme: 'dark' }).store.getState().theme).toBe('dark')
    expect(freshStore({ theme: 'light' }).store.getState().theme).toBe('light')
    expect(freshStore({ theme: 'purple' }).store.getState().theme).toBe('system')
  })

  it('showView shows the view and puts it in the hash', () => {
    const { store, page } = freshStore({ hash: '' })
    store.getState().showView('fire')
    expect(store.getState().view).toBe('fire')
    expect(page.hash).toBe('#/fire')
  })

  it("showView leaves the Timeline's filters in the hash alone, and writes nothing when the view is already there", () => {
    const { store, page } = freshStore({ hash: '#/timeline?status=failed&text=acme' })
    store.getState().showView('timeline')
    expect(page.hash).toBe('#/timeline?status=failed&text=acme')
    expect(page.hashWrites).toBe(0)
    store.getState().showView('receiver')
    expect(page.hash).toBe('#/receiver')
  })

  it('showView without a page (no hash) only changes the view', () => {
    const { store, page } = freshStore()
    store.getState().showView('settings')
    expect(store.getState().view).toBe('settings')
    expect(page.hashWrites).toBe(0)
  })

  it('setTheme applies the theme and saves it for the next start; the view stays', () => {
    const { store, page } = freshStore()
    store.getState().showView('scenarios')
    store.getState().setTheme('dark')
    expect(store.getState()).toMatchObject({ theme: 'dark', view: 'scenarios' })
    expect(page.theme).toBe('dark')
    expect(freshStore({ theme: page.theme }).store.getState().theme).toBe('dark')
  })

  it('view ids and themes are schemas: what comes from outside (hash, storage, palette) is checked', () => {
    expect(ViewId.options).toEqual(['scenarios', 'fire', 'subscriptions', 'timeline', 'receiver', 'settings', 'check'])
    expect(ViewId.safeParse('timeline?x=1').success).toBe(false)
    expect(ThemeChoice.safeParse('dark').success).toBe(true)
    expect(ThemeChoice.safeParse('Dark').success).toBe(false)
  })
})

describe('the browser page', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('without a page (unit tests, the CLI) reads nothing and writes nowhere', () => {
    expect(browserPage.savedTheme()).toBeUndefined()
    expect(browserPage.hash()).toBeUndefined()
    expect(() => browserPage.saveTheme('dark')).not.toThrow()
    expect(() => browserPage.setHash('#/fire')).not.toThrow()
  })

  it('keeps the theme in localStorage and the view in location.hash', () => {
    const saved = new Map<string, string>()
    vi.stubGlobal('localStorage', { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => saved.set(key, value) })
    const location = { hash: '#/timeline' }
    vi.stubGlobal('location', location)
    expect(browserPage.savedTheme()).toBeUndefined()
    browserPage.saveTheme('light')
    expect(saved.get('hookbench.theme')).toBe('light')
    expect(browserPage.savedTheme()).toBe('light')
    expect(browserPage.hash()).toBe('#/timeline')
    browserPage.setHash('#/fire')
    expect(location.hash).toBe('#/fire')
  })

  it('ignores globals that are not storage or a location', () => {
    vi.stubGlobal('localStorage', { getItem: 'not a function' })
    vi.stubGlobal('location', { hash: 7 })
    expect(browserPage.savedTheme()).toBeUndefined()
    expect(browserPage.hash()).toBeUndefined()
  })
})
