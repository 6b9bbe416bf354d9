import { SettingsPatch, UserSettings } from '../../../../shared/schemas/document'
import { type FormPatch, type PatchField, type PatchForm, cannotRead, formPatch, reads } from '../../forms/form-patch'
import { plainMessage } from '../../forms/plain-message'

/** The history limits as their fields show them. */
export interface HistoryForm {
  deliveries: string
  captures: string
}

export const historyFormOf = (settings: UserSettings): HistoryForm => ({ deliveries: String(settings.history.deliveries), captures: String(settings.history.captures) })

const limit = (key: keyof HistoryForm): PatchField<HistoryForm> => ({
  from: [key],
  to: ['history', key],
  read: (form) => {
    const text = form[key].trim()
    const value = Number(text)
    return text === '' || !Number.isFinite(value) ? cannotRead(key, 'must be a number') : reads(value)
  },
})

const HISTORY_FORM: PatchForm<HistoryForm, SettingsPatch> = {
  schema: UserSettings,
  patch: SettingsPatch,
  fields: [limit('deliveries'), limit('captures')],
  issueAt: (path) => String(path[1] ?? path[0]),
  message: plainMessage,
}

/** The settings patch for the limits the user changed (the other stays as stored), or the problems to show at each field. */
export const historyPatch = (settings: UserSettings, initial: HistoryForm, form: HistoryForm): FormPatch<UserSettings, SettingsPatch> =>
  formPatch(HISTORY_FORM, settings, initial, form)
