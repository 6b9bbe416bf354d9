import type { ApiInput } from '../../../../shared/api/contract'
import type { ProviderId } from '../../../../shared/platforms'
import type { PlatformFileKind } from '../../../../shared/schemas/download'
import { api } from '../../api/transport'
import { useHookbench } from '../app-store'
import { call } from '../engine/call'
import { freshRead } from '../fresh-read'
import { download } from '../ui/download'

const current = freshRead(
  () => call(api.getSettings({})),
  (settings) => useHookbench.getState().setSettings(settings),
)

export const loadSettings = current.load

/** Saves the settings a patch names (the rest stays as it was); true once the engine took it. */
export async function updateSettings(changes: ApiInput<'updateSettings'>): Promise<boolean> {
  const settings = await call(api.updateSettings(changes))
  if (settings) current.put(() => useHookbench.getState().setSettings(settings))
  return settings !== undefined
}

/** Every event's fixture and/or JSON Schema, one platform's or all, as a zip download. */
export async function exportPlatformFiles(kind: PlatformFileKind, provider: ProviderId | undefined) {
  const file = await call(api.exportPlatformFiles({ kind, ...(provider && { provider }) }))
  if (file) await download(file.filename, file.mimeType, { base64: file.base64 })
}

/** The saved scenarios, as written, as a zip download. */
export async function exportScenarios() {
  const file = await call(api.exportScenarios({}))
  if (file) await download(file.filename, file.mimeType, { base64: file.base64 })
}
