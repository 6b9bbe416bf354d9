import type { EngineEvent } from '../../shared/api/events'
import { type HookbenchDocument, type SettingsPatch, UserSettings } from '../../shared/schemas/document'
import { applyPatch } from '../../shared/schemas/patch'
import { checkedWhole } from '../core/merged'
import type { DocumentStore } from '../persistence/document-store'

/** The settings a user changes (history limits), kept in the hot document. */
export function createSettings(deps: { store: DocumentStore<HookbenchDocument>; emit(event: EngineEvent): void }) {
  const { store } = deps
  const get = (): UserSettings => UserSettings.parse(store.read().settings)
  return {
    get,
    /** Changes what the patch names; the rest stays as it was. */
    async update(changes: SettingsPatch): Promise<UserSettings> {
      const next = checkedWhole(UserSettings, applyPatch(UserSettings, get(), changes))
      await store.update((doc) => {
        doc.settings = { ...doc.settings, ...next }
      })
      deps.emit({ type: 'config', what: 'settings' })
      return next
    },
  }
}
export type Settings = ReturnType<typeof createSettings>
