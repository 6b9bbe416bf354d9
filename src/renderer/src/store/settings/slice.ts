import type { StateCreator } from 'zustand'
import type { UserSettings } from '../../../../shared/schemas/document'

/** The user's settings as the engine keeps them; undefined until they are read. */
export interface SettingsSlice {
  settings: UserSettings | undefined
  setSettings(settings: UserSettings): void
}

export const createSettingsSlice: StateCreator<SettingsSlice> = (set) => ({
  settings: undefined,
  setSettings: (settings) => set({ settings }),
})
